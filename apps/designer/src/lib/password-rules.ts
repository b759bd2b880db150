/** Shared by the server's auth config and the password forms. */
export const MIN_PASSWORD_LENGTH = 10;
