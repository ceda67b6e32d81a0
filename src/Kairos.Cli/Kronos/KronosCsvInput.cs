namespace Kairos.Cli.Kronos;

/// <summary>
/// A Kronos input window read from CSV: wall-clock timestamps (as written, no time-zone conversion: the model's time
/// features are the bar's own minute, hour, weekday, day and month) and the price columns as doubles. Volume and amount
/// are null when the file has no such column (the predictor then applies the reference's rules).
/// </summary>
internal sealed record KronosCsvInput(
    string Source,
    DateTime[] Timestamps,
    double[] Open,
    double[] High,
    double[] Low,
    double[] Close,
    double[]? Volume,
    double[]? Amount)
{
    public int Rows => Timestamps.Length;
}
