"""Optional two-factor sign-in: TOTP codes from an authenticator app, one-time recovery codes."""
