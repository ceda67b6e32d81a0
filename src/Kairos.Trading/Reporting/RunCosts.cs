namespace Kairos.Trading.Reporting;

/// <summary>What trading cost a run: commissions and fees of every fill, and financing (margin interest) accrued by the broker.</summary>
public sealed record RunCosts(decimal Fees, decimal Financing);
