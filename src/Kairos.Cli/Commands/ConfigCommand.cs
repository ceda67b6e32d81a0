using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kairos.Cli.Configuration;

namespace Kairos.Cli.Commands;

/// <summary>
/// <c>kairos config show</c>: every effective setting of <c>simulate</c> and <c>run</c> with its value and where it came from
/// (default, file, environment variable or flag), and the environment variables accepted but not applied.
/// </summary>
internal static class ConfigCommand
{
    private const int MaxValueWidth = 40;

    private static readonly Option<FileInfo?> Config = new("--config")
    {
        Description = "JSON configuration to read, as 'simulate' and 'run' take it.",
    };

    private static readonly Option<bool> Json = new("--json")
    {
        Description = "Print JSON ({settings: [{setting, value, source}], ignored: [{variable, value, reason}]}) instead of a table.",
    };

    private static readonly Option<decimal?> Cash = new("--cash") { Description = "As simulate/run's --cash (broker.initialCash)." };

    private static readonly Option<int?> Sims = new("--sims") { Description = "As simulate's --sims (backtest.simulations)." };

    private static readonly Option<int?> Parallel = new("--parallel") { Description = "As simulate's --parallel (analysis.parallel, analysis.workers)." };

    private static readonly Option<string?> Symbols = new("--symbols", "-s") { Description = "As simulate/run's --symbols (trading.symbols)." };

    /// <param name="environment">The environment variables the configuration reads.</param>
    public static Command Create(IReadOnlyDictionary<string, string> environment)
    {
        var show = new Command(
            "show",
            "Print every effective setting as 'setting  value  source' (source: default, file:PATH, env:NAME or flag:--x). Precedence: "
            + "default < --config file < environment < flag. Invalid values fail here as they would in simulate and run.")
        {
            Config, Json, Cash, Sims, Parallel, Symbols,
        };
        show.SetAction((parse, ct) => ShowAsync(parse, environment, ct));
        return new Command("config", "Inspect the configuration of simulate and run.") { show };
    }

    private static async Task<int> ShowAsync(ParseResult parse, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var stdout = parse.InvocationConfiguration.Output;
        var flags = SettingFlags.Of(
            SettingFlags.Cash(parse.GetValue(Cash)),
            SettingFlags.Sims(parse.GetValue(Sims)),
            SettingFlags.Parallel(parse.GetValue(Parallel)),
            SettingFlags.Symbols(parse.GetValue(Symbols)));
        var effective = await EffectiveConfig.ResolveAsync(parse.GetValue(Config)?.FullName, environment, flags, cancellationToken);
        await stdout.WriteAsync(parse.GetValue(Json) ? RenderJson(effective) : RenderTable(effective));
        return ExitCodes.Success;
    }

    internal static string RenderTable(EffectiveConfig effective)
    {
        var rows = effective.Rows();
        var settingWidth = Math.Max("setting".Length, rows.Max(r => r.Setting.Length));
        // Long values (maps, nested records) overflow their cell rather than push every source far to the right.
        var valueWidth = Math.Clamp(rows.Max(r => r.Text.Length), "value".Length, MaxValueWidth);
        using var text = new StringWriter();
        text.NewLine = "\n";
        text.WriteLine($"{"setting".PadRight(settingWidth)}  {"value".PadRight(valueWidth)}  source");
        foreach (var row in rows)
        {
            text.WriteLine($"{row.Setting.PadRight(settingWidth)}  {row.Text.PadRight(valueWidth)}  {row.Source}");
        }

        if (effective.Ignored.Count > 0)
        {
            text.WriteLine();
            text.WriteLine("Environment variables accepted but not applied:");
            foreach (var ignored in effective.Ignored)
            {
                text.WriteLine($"  {ignored.Variable}={ignored.Value}: {ignored.Reason}");
            }
        }

        return text.ToString();
    }

    internal static string RenderJson(EffectiveConfig effective)
    {
        var settings = new JsonArray();
        foreach (var row in effective.Rows())
        {
            settings.Add(new JsonObject { ["setting"] = row.Setting, ["value"] = row.Value?.DeepClone(), ["source"] = row.Source.ToString() });
        }

        var ignored = new JsonArray();
        foreach (var variable in effective.Ignored)
        {
            ignored.Add(new JsonObject { ["variable"] = variable.Variable, ["value"] = variable.Value, ["reason"] = variable.Reason });
        }

        var root = new JsonObject { ["settings"] = settings, ["ignored"] = ignored };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
