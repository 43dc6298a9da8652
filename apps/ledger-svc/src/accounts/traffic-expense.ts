/**
 * Shards of the traffic expense account (platform:traffic_expense:<n>, shard 0 being the original
 * platform:traffic_expense). Migration TrafficExpenseShards1795304400001 created them; each
 * income worker debits its own, so concurrent batches never queue on one account's row lock.
 * A shard that does not exist falls back to the original account (AccountsRepository).
 */
export const TRAFFIC_EXPENSE_SHARDS = 8;
