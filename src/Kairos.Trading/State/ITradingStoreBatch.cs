using Kairos.Core.Trading;

namespace Kairos.Trading.State;

/// <summary>
/// A unit of work on a <see cref="TradingStore"/>: the writes queued here are applied in order, in one transaction, by
/// <see cref="TradingStore.WriteBatchAsync"/> — all of them or none. Queuing does no I/O; a failing write (an unknown
/// client order id, a decision for a cycle never begun) rolls back the whole batch.
/// </summary>
public interface ITradingStoreBatch
{
    void FinishRun(long runId, RunStatus status, DateTimeOffset finishedAt);

    void BeginCycle(CycleRecord cycle);

    void CompleteCycle(long runId, string cycleId, CycleStatus status, DateTimeOffset finishedAt);

    void RecordDecisions(IEnumerable<DecisionRecord> decisions);

    void RecordIntent(OrderIntent intent);

    void MarkSubmitted(string clientOrderId, string brokerOrderId, OrderStatus status, DateTimeOffset at);

    void MarkRejected(string clientOrderId, string reason, DateTimeOffset at);

    void UpdateOrderStatus(Order order);

    void RecordFills(long runId, IEnumerable<Fill> fills);

    void UpsertPosition(long runId, StoredPosition position);

    void DeletePosition(long runId, string symbol);

    void RecordClosedTrade(long runId, ClosedTrade trade);

    void RecordEquity(long runId, EquitySnapshot snapshot);

    void SaveWatchers(long runId, IEnumerable<WatcherState> watchers);

    void SetCheckpoint(long runId, string key, string value);

    void RecordMetrics(long runId, string cycleId, IEnumerable<CycleMetric> metrics);
}
