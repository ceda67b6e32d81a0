namespace Kairos.Kronos.Hub;

/// <summary>Where the hub settings come from: the process environment in production, a dictionary in tests.</summary>
public interface IEnvironmentVariables
{
    /// <summary>The variable's value, or null when it is unset.</summary>
    string? Get(string name);

    /// <summary>The user's home folder, the base of the default cache location; null when unknown.</summary>
    string? HomeDirectory { get; }
}
