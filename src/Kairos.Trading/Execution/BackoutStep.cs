namespace Kairos.Trading.Execution;

/// <summary>One back-out price step: the unrounded limit, or a market order when <see cref="UseMarketOrder"/>. <see cref="Offset"/> is the signed offset from the quote (long: from the bid; positive = passive, above the bid).</summary>
public sealed record BackoutStep(decimal LimitPrice, decimal Offset, bool UseMarketOrder, string Reason);
