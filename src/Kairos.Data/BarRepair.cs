namespace Kairos.Data;

/// <summary>
/// One change the loader made to what a file says, under a stated <see cref="BarRepairRule"/>. Callers log these;
/// nothing is changed silently.
/// </summary>
/// <param name="Source">File path or reader name.</param>
/// <param name="Line">1-based line the rule applied to (the header is line 1).</param>
/// <param name="Field">The column that was changed or whose value triggered the rule, as written in the header.</param>
/// <param name="Rule">The rule applied.</param>
/// <param name="Detail">Before and after, in words.</param>
public sealed record BarRepair(string Source, int Line, string Field, BarRepairRule Rule, string Detail)
{
    public override string ToString() => $"{Source}, line {Line}, field '{Field}': {Rule}: {Detail}";
}
