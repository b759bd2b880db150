"use client";

import { createAuthClient } from "better-auth/react";

/** Browser side of sign-in, sign-out and password changes (same-origin /api/auth). */
export const authClient = createAuthClient();
