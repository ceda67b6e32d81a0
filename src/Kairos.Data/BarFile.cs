using Kairos.Core;

namespace Kairos.Data;

/// <summary>A bar file in a data directory and the instrument its name denotes.</summary>
/// <param name="Path">Full path of the file.</param>
/// <param name="Instrument">Symbol from the file name up to the first '.', asset class by <see cref="Instrument.Infer"/>.</param>
public sealed record BarFile(string Path, Instrument Instrument);
