using System.Text.Json.Nodes;

namespace Kairos.Cli.Configuration;

/// <summary>One effective setting as <c>kairos config show</c> prints it: its path, its JSON value and text, and its source.</summary>
internal sealed record SettingRow(string Setting, JsonNode? Value, string Text, SettingSource Source);
