/** The first admin the e2e stack is seeded with (IPAAS_ADMIN_EMAIL/PASSWORD of `npm start`). */
export const ADMIN = { email: "admin@e2e.test", password: "e2e admin password" };
