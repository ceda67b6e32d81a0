using System.Security.Cryptography;

namespace Kairos.Forecasting.Kronos;

/// <summary>
/// Identifies a pair of checkpoints by content: SHA-256 over each folder's <c>config.json</c> and
/// <c>model.safetensors</c>, so forecasts memoised under one set of weights are never served for another.
/// </summary>
public static class CheckpointIdentity
{
    public static string Compute(string modelDir, string tokenizerDir)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var dir in new[] { modelDir, tokenizerDir })
        {
            foreach (var file in new[] { "config.json", "model.safetensors" })
            {
                using var stream = File.OpenRead(Path.Combine(dir, file));
                var buffer = new byte[1 << 20];
                int read;
                while ((read = stream.Read(buffer)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                }
            }
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset())[..16];
    }
}
