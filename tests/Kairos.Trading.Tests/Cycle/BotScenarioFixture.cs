namespace Kairos.Trading.Tests.Cycle;

/// <summary>The baseline scenario, run once for all the invariant tests of <see cref="TradingBotScenarioTests"/>.</summary>
public sealed class BotScenarioFixture : IAsyncLifetime
{
    internal BotScenario Baseline { get; } = new();

    public Task InitializeAsync() => Baseline.RunAsync();

    public Task DisposeAsync()
    {
        Baseline.Dispose();
        return Task.CompletedTask;
    }
}
