namespace Kairos.Brokers.Alpaca;

/// <summary>One trading day from Alpaca's calendar; the times are instants (Alpaca sends New-York wall-clock strings).</summary>
/// <param name="Date">The session date.</param>
/// <param name="Open">Regular open (09:30 ET).</param>
/// <param name="Close">Regular close (16:00 ET, 13:00 on early-close days).</param>
/// <param name="SessionOpen">Extended-hours start (04:00 ET).</param>
/// <param name="SessionClose">Extended-hours end (20:00 ET).</param>
public sealed record AlpacaCalendarDay(DateOnly Date, DateTimeOffset Open, DateTimeOffset Close, DateTimeOffset SessionOpen, DateTimeOffset SessionClose);
