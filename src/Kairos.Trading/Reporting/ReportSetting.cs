namespace Kairos.Trading.Reporting;

/// <summary>One line of a run's configuration as a report shows it (nested names dotted: <c>Sizing.MaxExposure</c>).</summary>
public sealed record ReportSetting(string Name, string Value);
