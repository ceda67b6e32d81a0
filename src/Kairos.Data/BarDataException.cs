namespace Kairos.Data;

/// <summary>
/// Bar data that breaks the validation policy and cannot be repaired by a stated rule. The message always names the
/// source (file path or the name given to a reader), and, where the problem has one, the 1-based line (the header is
/// line 1, as in a text editor) and the column as written in the header.
/// </summary>
public sealed class BarDataException : Exception
{
    public BarDataException()
    {
    }

    public BarDataException(string message)
        : base(message)
    {
    }

    public BarDataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BarDataException(string source, int? line, string? field, string detail)
        : base(Format(source, line, field, detail))
    {
        SourceName = source;
        LineNumber = line;
        Field = field;
        Detail = detail;
    }

    /// <summary>The file path or reader name the bars came from.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line number; the header is line 1. Null for problems of the whole source (an empty file).</summary>
    public int? LineNumber { get; }

    /// <summary>The column as written in the header (<c>Close</c>, <c>c</c>), or null when no single column is at fault.</summary>
    public string? Field { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string? Detail { get; }

    private static string Format(string source, int? line, string? field, string detail)
    {
        var location = source;
        if (line is { } l)
        {
            location += $", line {l}";
        }

        if (field is not null)
        {
            location += $", field '{field}'";
        }

        return $"{location}: {detail}";
    }
}
