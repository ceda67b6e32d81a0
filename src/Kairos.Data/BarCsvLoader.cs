using Kairos.Core;

namespace Kairos.Data;

/// <summary>
/// Loads OHLCV bars from CSV. The layout is detected from the header (<see cref="BarCsvLayout"/>); every value is checked
/// against a <see cref="BarValidationPolicy"/>, and the result lists each repair made and each calendar gap seen.
/// Problems the policy does not repair throw <see cref="BarDataException"/> naming file, line and column.
/// </summary>
public static class BarCsvLoader
{
    /// <summary>Loads a file; <paramref name="path"/> is the source name in messages and repair records.</summary>
    public static BarLoadResult Load(string path, Instrument instrument, BarValidationPolicy policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = OpenText(path);
        return Load(reader, path, instrument, policy);
    }

    /// <summary>Loads from a reader; <paramref name="sourceName"/> stands in for the file path in messages.</summary>
    public static BarLoadResult Load(TextReader reader, string sourceName, Instrument instrument, BarValidationPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var parser = CreateParser(sourceName, instrument, policy);
        while (reader.ReadLine() is { } line)
        {
            parser.Accept(line);
        }

        return parser.Finish();
    }

    /// <summary>Loads a file without blocking on I/O.</summary>
    public static async Task<BarLoadResult> LoadAsync(string path, Instrument instrument, BarValidationPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var reader = OpenText(path);
        return await LoadAsync(reader, path, instrument, policy, cancellationToken);
    }

    /// <summary>Loads from a reader without blocking on I/O.</summary>
    public static async Task<BarLoadResult> LoadAsync(TextReader reader, string sourceName, Instrument instrument, BarValidationPolicy policy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var parser = CreateParser(sourceName, instrument, policy);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            parser.Accept(line);
        }

        return parser.Finish();
    }

    private static BarCsvParser CreateParser(string sourceName, Instrument instrument, BarValidationPolicy policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        ArgumentNullException.ThrowIfNull(instrument);
        ArgumentNullException.ThrowIfNull(policy);
        return new BarCsvParser(sourceName, instrument, policy);
    }

    // UTF-8 with BOM detection: spreadsheet exports often start with a BOM, which would otherwise glue onto the first
    // header name.
    private static StreamReader OpenText(string path) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan), detectEncodingFromByteOrderMarks: true);
}
