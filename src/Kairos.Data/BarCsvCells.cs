namespace Kairos.Data;

/// <summary>
/// Splits one CSV line into trimmed cells. Bar files carry numbers and timestamps only, so a cell never holds a comma;
/// a cell wrapped in double quotes has the quotes removed, and embedded quotes or commas are not supported.
/// </summary>
internal static class BarCsvCells
{
    public static string[] Split(string line)
    {
        var cells = line.Split(',');
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = cells[i].Trim();
            if (cell.Length >= 2 && cell[0] == '"' && cell[^1] == '"')
            {
                cell = cell[1..^1].Trim();
            }

            cells[i] = cell;
        }

        return cells;
    }
}
