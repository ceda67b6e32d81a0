using Kairos.Core;
using Kairos.Trading.Monitoring;

namespace Kairos.Trading.Tests.Monitoring;

public class ProfileCollectorTests
{
    [Fact]
    public void Nested_stages_get_calls_cumulative_and_own_time()
    {
        using var collector = new ProfileCollector();
        using (collector.Measure())
        using (KairosTelemetry.Source.StartActivity("test.outer"))
        {
            for (var i = 0; i < 3; i++)
            {
                using (KairosTelemetry.Source.StartActivity("test.inner"))
                {
                    Thread.Sleep(20);
                }
            }

            Thread.Sleep(20);
        }

        var rows = collector.Rows(TimeSpan.FromMilliseconds(100)).Where(r => r.Stage.StartsWith("test.", StringComparison.Ordinal)).ToList();
        var outer = rows.Single(r => r.Stage == "test.outer");
        var inner = rows.Single(r => r.Stage == "test.inner");
        Assert.Equal(1, outer.Calls);
        Assert.Equal(3, inner.Calls);
        Assert.True(inner.Cumulative >= TimeSpan.FromMilliseconds(60));
        Assert.Equal(inner.Cumulative, inner.Own);
        Assert.True(outer.Cumulative >= inner.Cumulative + TimeSpan.FromMilliseconds(20));
        Assert.Equal(outer.Cumulative - inner.Cumulative, outer.Own);
        Assert.Equal(inner.Cumulative / 3, inner.PerCall);
        Assert.Equal((double)outer.Cumulative.Ticks / TimeSpan.FromMilliseconds(100).Ticks, outer.Share, 12);
        Assert.Equal("test.outer", rows[0].Stage);

        collector.Reset();
        Assert.DoesNotContain(collector.Rows(TimeSpan.FromSeconds(1)), r => r.Stage.StartsWith("test.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_the_work_under_a_measured_scope_is_counted()
    {
        using var collector = new ProfileCollector();
        using (KairosTelemetry.Source.StartActivity("test.before"))
        {
        }

        using (collector.Measure("test.scope"))
        {
            // Work that runs beside the scope on another flow (another bot in the process, a parallel test).
            var beside = Task.Run(() =>
            {
                System.Diagnostics.Activity.Current = null;
                using (KairosTelemetry.Source.StartActivity("test.beside"))
                {
                }
            });
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            {
                using (KairosTelemetry.Source.StartActivity("test.forked"))
                {
                }
            })));
            await beside;
        }

        using (KairosTelemetry.Source.StartActivity("test.after"))
        {
        }

        var rows = collector.Rows(TimeSpan.FromSeconds(1)).Where(r => r.Stage.StartsWith("test.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["test.forked"], rows.Select(r => r.Stage));
        Assert.Equal(4, rows[0].Calls);
    }
}
