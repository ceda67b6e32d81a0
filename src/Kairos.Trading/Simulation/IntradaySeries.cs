using Kairos.Core;

namespace Kairos.Trading.Simulation;

/// <summary>Intraday bars of one instrument (e.g. hourly) and the span each bar covers.</summary>
public sealed record IntradaySeries(BarSeries Bars, TimeSpan BarLength);
