using Kairos.Core;

namespace Kairos.Data;

/// <summary>
/// A folder of bar files, one instrument per file: <c>BTCUSD.csv</c>, <c>AAPL.yahoo.csv</c>. The symbol is the file
/// name up to the first '.', and the asset class is inferred from the symbol's form.
/// </summary>
public static class BarDirectory
{
    /// <summary>
    /// The <c>*.csv</c> files directly in <paramref name="directory"/>, ordered by symbol. Hidden files (a leading '.')
    /// are skipped. Two files naming the same symbol throw: which one is meant cannot be guessed.
    /// </summary>
    public static IReadOnlyList<BarFile> List(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = new List<BarFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.csv", SearchOption.TopDirectoryOnly))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.'))
            {
                continue;
            }

            files.Add(new BarFile(Path.GetFullPath(path), Instrument.Infer(name[..name.IndexOf('.', StringComparison.Ordinal)])));
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Instrument.Symbol, b.Instrument.Symbol) is var c && c != 0 ? c : string.CompareOrdinal(a.Path, b.Path));
        for (var i = 1; i < files.Count; i++)
        {
            if (files[i].Instrument.Symbol == files[i - 1].Instrument.Symbol)
            {
                throw new BarDataException(
                    directory,
                    null,
                    null,
                    $"'{Path.GetFileName(files[i - 1].Path)}' and '{Path.GetFileName(files[i].Path)}' both hold {files[i].Instrument.Symbol}");
            }
        }

        return files;
    }

    /// <summary>Loads every file <see cref="List"/> finds, in symbol order; the first file that fails stops the load.</summary>
    public static async Task<IReadOnlyList<BarLoadResult>> LoadAllAsync(string directory, BarValidationPolicy policy, CancellationToken cancellationToken = default)
    {
        var results = new List<BarLoadResult>();
        foreach (var file in List(directory))
        {
            results.Add(await BarCsvLoader.LoadAsync(file.Path, file.Instrument, policy, cancellationToken));
        }

        return results;
    }
}
