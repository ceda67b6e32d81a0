using System.Diagnostics;
using Kairos.Core;

namespace Kairos.Trading.Monitoring;

/// <summary>
/// Listens to <see cref="KairosTelemetry.Source"/> and aggregates every stopped activity by name: calls, cumulative
/// time and own time (its duration minus its children's, clamped at zero where children ran in parallel). The hot-path
/// table of <c>kairos profile</c>, in the shape of the optimisation plan's profile.
/// </summary>
/// <remarks>
/// Only the work under a scope opened with <see cref="Measure"/> is counted: activities from anything else running in
/// the same process (another bot, a host embedding Kairos, tests in parallel) share the activity source and would
/// otherwise be added to the table.
/// </remarks>
public sealed class ProfileCollector : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Calls, long Ticks, long OwnTicks)> _stages = new(StringComparer.Ordinal);
    private readonly Dictionary<Activity, long> _childTicks = [];
    private readonly HashSet<Activity> _scopes = [];

    public ProfileCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KairosTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = OnStopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>
    /// Opens a scope: every activity started under it (on this flow, including the parallel work it forks) is counted
    /// until the returned handle is disposed. The scope's own activity is not a row.
    /// </summary>
    public IDisposable Measure(string name = "profile.scope")
    {
        var scope = KairosTelemetry.Source.StartActivity(name)
            ?? throw new InvalidOperationException("The profile's activity listener did not sample its own scope.");
        lock (_gate)
        {
            _scopes.Add(scope);
        }

        return new ScopeHandle(this, scope);
    }

    /// <summary>Forgets everything collected so far (between a cold and a warm cycle).</summary>
    public void Reset()
    {
        lock (_gate)
        {
            _stages.Clear();
            _childTicks.Clear();
        }
    }

    /// <summary>The stages by cumulative time, shares relative to <paramref name="span"/> (the wall time profiled).</summary>
    public IReadOnlyList<ProfileRow> Rows(TimeSpan span)
    {
        lock (_gate)
        {
            return [.. _stages
                .Select(kv => new ProfileRow(
                    kv.Key,
                    kv.Value.Calls,
                    TimeSpan.FromTicks(kv.Value.Ticks),
                    TimeSpan.FromTicks(kv.Value.OwnTicks),
                    span > TimeSpan.Zero ? (double)kv.Value.Ticks / span.Ticks : 0))
                .OrderByDescending(r => r.Cumulative)
                .ThenBy(r => r.Stage, StringComparer.Ordinal)];
        }
    }

    private void OnStopped(Activity activity)
    {
        var ticks = activity.Duration.Ticks;
        lock (_gate)
        {
            if (_scopes.Contains(activity) || !UnderScope(activity))
            {
                return;
            }

            _childTicks.Remove(activity, out var children);
            var own = Math.Max(0, ticks - children);
            var (calls, total, ownTotal) = _stages.GetValueOrDefault(activity.OperationName);
            _stages[activity.OperationName] = (calls + 1, total + ticks, ownTotal + own);
            if (activity.Parent is { } parent && parent.Source.Name == KairosTelemetry.SourceName)
            {
                _childTicks[parent] = _childTicks.GetValueOrDefault(parent) + ticks;
            }
        }
    }

    private bool UnderScope(Activity activity)
    {
        for (var a = activity.Parent; a is not null; a = a.Parent)
        {
            if (_scopes.Contains(a))
            {
                return true;
            }
        }

        return false;
    }

    private void Close(Activity scope)
    {
        scope.Dispose();
        lock (_gate)
        {
            _scopes.Remove(scope);
            _childTicks.Remove(scope);
        }
    }

    private sealed class ScopeHandle(ProfileCollector owner, Activity scope) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Close(scope);
            }
        }
    }
}
