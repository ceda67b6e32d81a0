namespace Kairos.Trading.State;

/// <summary>Life cycle of one analysis-and-trade cycle.</summary>
public enum CycleStatus
{
    /// <summary>Begun and not yet completed: after a crash, the cycle a restart must finish or abandon.</summary>
    Running,

    Completed,

    Failed,

    /// <summary>Begun before a crash and deliberately not finished by the restart.</summary>
    Abandoned,
}
