/**
 * Is a Telegram payload (Login Widget or Mini App initData) older than the user's last
 * logout_all, admin token reset or ban?
 *
 * `auth_date` has whole seconds; the revocation has milliseconds. A payload stamped with the
 * revocation's own second may have been signed just before it, so it is refused too: a user
 * who logs in again within that second gets `auth_revoked` once and succeeds a second later,
 * while a payload captured before the revocation can never slip through.
 */
export function isLoginRevoked(authDateS: number, revokedAt: Date | null): boolean {
  return revokedAt !== null && authDateS <= Math.floor(revokedAt.getTime() / 1000);
}
