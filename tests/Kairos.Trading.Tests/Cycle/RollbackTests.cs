using System.Text.Json;
using Kairos.Trading.Cycle;
using Kairos.Trading.Monitoring;

namespace Kairos.Trading.Tests.Cycle;

/// <summary>
/// The bot's rollback triggers in the loop (docs/monitoring.md): against a baseline it cannot match it switches itself
/// to the conservative configuration once, records why, logs it and stays conservative after a restart; against a
/// baseline it beats it never switches.
/// </summary>
public sealed class RollbackTests
{
    [Fact]
    public async Task A_baseline_the_run_falls_behind_switches_the_bot_to_the_conservative_configuration_for_good()
    {
        using var scenario = new BotScenario
        {
            Rollback = new RollbackGuard { Baseline = new HealthSnapshot(50, 1.0, 100, 0, 0, null), BaselineName = "best.json", MinTrades = 1 },
        };
        await scenario.RunAsync();

        var rolled = scenario.Bot.RolledBack;
        Assert.NotNull(rolled);
        Assert.Equal("best.json", rolled.Baseline);
        Assert.Contains(rolled.Triggers, t => t.StartsWith("Sharpe 50 -> ", StringComparison.Ordinal) && t.EndsWith("more than the 10% allowed", StringComparison.Ordinal));
        Assert.Contains(rolled.Triggers, t => t.StartsWith("win rate 100.0% -> ", StringComparison.Ordinal));
        Assert.Equal(1, scenario.ConservativeStagesBuilt);
        Assert.Contains($"ROLLBACK against best.json (triggered {rolled.At:yyyy-MM-dd HH:mm}Z): switched to the conservative configuration (forecast cache off, full re-prediction, default optimiser budgets) because {string.Join("; ", rolled.Triggers)}", scenario.Log.ToString(), StringComparison.Ordinal);

        // Every analysis after the switch is a full re-prediction; none before it says so.
        var decisions = await scenario.Store.GetDecisionsAsync(scenario.RunId);
        var reasons = decisions.Where(d => d.ForecastJson is not null)
            .Select(d => (d.At, Reason: JsonDocument.Parse(d.ForecastJson!).RootElement.GetProperty("prediction").GetString()))
            .ToList();
        // (The switch starts a new schedule: each symbol's first analysis after it is a "first forecast", then "new bar"
        // or "rules: always" — never a reuse.)
        Assert.Contains(reasons, r => r.At > rolled.At && r.Reason == "re-predicted every cycle (rules: always)");
        Assert.All(
            reasons.Where(r => r.At > rolled.At),
            r => Assert.True(r.Reason is "re-predicted every cycle (rules: always)" or "first forecast" || r.Reason!.StartsWith("new bar ", StringComparison.Ordinal), r.Reason));
        Assert.DoesNotContain(reasons, r => r.At <= rolled.At && r.Reason == "re-predicted every cycle (rules: always)");

        // A restarted bot reads the switch back and is conservative from its first cycle.
        var restarted = await scenario.RestartedBotAsync();
        var restored = Assert.IsType<RollbackRecord>(restarted.RolledBack);
        Assert.Equal((rolled.At, rolled.Baseline), (restored.At, restored.Baseline));
        Assert.Equal(rolled.Triggers, restored.Triggers);
        Assert.Equal(2, scenario.ConservativeStagesBuilt);
        Assert.Contains($"conservative configuration kept: the run rolled back against best.json at {rolled.At:yyyy-MM-dd HH:mm}Z", scenario.Log.ToString(), StringComparison.Ordinal);
        Assert.Single(scenario.Log.ToString().Split('\n'), l => l.Contains("ROLLBACK against", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_baseline_the_run_beats_never_triggers_a_rollback()
    {
        using var scenario = new BotScenario
        {
            Rollback = new RollbackGuard { Baseline = new HealthSnapshot(-50, 0.0, 100, 0, 0, null), MinTrades = 1 },
        };
        await scenario.RunAsync();

        Assert.Null(scenario.Bot.RolledBack);
        Assert.Equal(0, scenario.ConservativeStagesBuilt);
        Assert.DoesNotContain("ROLLBACK", scenario.Log.ToString(), StringComparison.Ordinal);
    }
}
