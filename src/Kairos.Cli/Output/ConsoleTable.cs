using System.Text;

namespace Kairos.Cli.Output;

/// <summary>A plain-text table: aligned columns, right-aligned numbers, readable in a terminal and in a redirected file.</summary>
internal sealed class ConsoleTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells)
    {
        if (cells.Length != headers.Length)
        {
            throw new ArgumentException($"Expected {headers.Length} cells, got {cells.Length}.", nameof(cells));
        }

        _rows.Add(cells);
    }

    public override string ToString()
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length))).ToArray();
        var numeric = headers.Select((_, i) => _rows.Count > 0 && _rows.All(r => IsNumeric(r[i]))).ToArray();
        var sb = new StringBuilder();
        AppendRow(sb, headers, widths, numeric);
        sb.AppendJoin("  ", widths.Select(w => new string('-', w))).Append('\n');
        foreach (var row in _rows)
        {
            AppendRow(sb, row, widths, numeric);
        }

        return sb.ToString();
    }

    private static void AppendRow(StringBuilder sb, string[] cells, int[] widths, bool[] numeric)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            if (i > 0)
            {
                sb.Append("  ");
            }

            sb.Append(numeric[i] ? cells[i].PadLeft(widths[i]) : cells[i].PadRight(widths[i]));
        }

        sb.Length = sb.ToString().TrimEnd().Length;
        sb.Append('\n');
    }

    private static bool IsNumeric(string s) => s.Length > 0 && (char.IsDigit(s[0]) || s[0] is '-' or '+' or '.') && s.Any(char.IsDigit);
}
