using System.Buffers.Binary;
using System.Text;
using Kairos.Kronos.Safetensors;

namespace Kairos.Kronos.Tests;

public sealed class SafetensorsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("kronos-st-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Reads_fixture_tensors_zero_copy_and_i64_buffers()
    {
        using var f = SafetensorsFile.Open(Path.Combine(Golden.TokenizerDir, "model.safetensors"));
        Assert.Equal(68, f.Tensors.Count);
        Assert.Equal("pt", f.Metadata["format"]);
        Assert.Equal(new[] { 32, 6 }, f.Get("embed.weight").Shape);
        Assert.Equal(32 * 6, f.GetF32("embed.weight").Length);
        Assert.Equal(new long[] { 128, 64, 32, 16, 8, 4, 2, 1 }, f.ReadI64("tokenizer.bsq.basis"));
        Assert.Equal(new long[] { 8, 4, 2, 1 }, f.ReadI64("tokenizer.bsq.group_basis"));
    }

    [Fact]
    public void Converts_f16_and_bf16()
    {
        var h = new byte[4];
        BinaryPrimitives.WriteHalfLittleEndian(h, (Half)1.5f);
        BinaryPrimitives.WriteHalfLittleEndian(h.AsSpan(2), (Half)(-2f));
        var bf = new byte[4];
        BinaryPrimitives.WriteUInt16LittleEndian(bf, (ushort)(BitConverter.SingleToInt32Bits(3.0f) >> 16));
        BinaryPrimitives.WriteUInt16LittleEndian(bf.AsSpan(2), (ushort)(BitConverter.SingleToInt32Bits(-0.5f) >> 16));
        var path = Write("""{"a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[4,8]}}""", [.. h, .. bf]);
        using var f = SafetensorsFile.Open(path);
        Assert.Equal(new[] { 1.5f, -2f }, f.ReadAsFloat("a"));
        Assert.Equal(new[] { 3f, -0.5f }, f.ReadAsFloat("b"));
    }

    [Fact]
    public void Truncated_file_is_rejected()
    {
        var path = Path.Combine(_dir, "t.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains("truncated", e.Message);

        var good = File.ReadAllBytes(Path.Combine(Golden.TokenizerDir, "model.safetensors"));
        File.WriteAllBytes(path, good[..(good.Length - 100)]);
        e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("outside the data section", e.Message);
    }

    [Fact]
    public void Bad_header_length_is_rejected()
    {
        var path = Path.Combine(_dir, "h.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1_000_000);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("invalid header length", Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path)).Message);
    }

    [Fact]
    public void Invalid_json_is_rejected()
    {
        var path = Write("{not json", new byte[4]);
        Assert.Contains("not valid JSON", Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path)).Message);
    }

    [Theory]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,12]}}""", "needs 8")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2],"data_offsets":[4,0]}}""", "outside the data section")]
    [InlineData("""{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"v":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}""", "overlaps")]
    [InlineData("""{"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}}""", "unsupported dtype")]
    [InlineData("""{"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "invalid shape")]
    [InlineData("""{"w":{"dtype":"F32","shape":[2]}}""", "data_offsets")]
    public void Bad_entries_are_rejected_naming_the_tensor(string header, string message)
    {
        var path = Write(header, new byte[16]);
        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains(message, e.Message);
        Assert.Contains("tensor '", e.Message);
    }

    [Fact]
    public void Wrong_dtype_is_rejected_by_the_loader()
    {
        var (model, tok) = CopyFixture();
        Rewrite(Path.Combine(tok, "model.safetensors"), "\"embed.bias\":{\"dtype\":\"F32\"", h => h.Replace("\"embed.bias\":{\"dtype\":\"F32\"", "\"embed.bias\":{\"dtype\":\"I32\""));
        var e = Assert.Throws<SafetensorsFormatException>(() => KronosModel.Load(model, tok));
        Assert.Contains("embed.bias", e.Message);
        Assert.Contains("I32", e.Message);
    }

    [Fact]
    public void Wrong_shape_is_rejected_naming_the_tensor()
    {
        var (model, tok) = CopyFixture();
        Rewrite(Path.Combine(model, "model.safetensors"), "\"norm.weight\":{\"dtype\":\"F32\",\"shape\":[64]", h => h.Replace("\"norm.weight\":{\"dtype\":\"F32\",\"shape\":[64]", "\"norm.weight\":{\"dtype\":\"F32\",\"shape\":[8,8]"));
        var e = Assert.Throws<SafetensorsFormatException>(() => KronosModel.Load(model, tok));
        Assert.Contains("'norm.weight' has shape [8, 8], expected [64]", e.Message);
    }

    [Fact]
    public void Config_that_disagrees_with_the_file_is_rejected()
    {
        var (model, tok) = CopyFixture();
        var cfg = Path.Combine(model, "config.json");
        File.WriteAllText(cfg, File.ReadAllText(cfg).Replace("\"n_layers\": 2", "\"n_layers\": 3"));
        var e = Assert.Throws<SafetensorsFormatException>(() => KronosModel.Load(model, tok));
        Assert.Contains("transformer.2", e.Message);
        Assert.Contains("missing", e.Message);

        File.WriteAllText(cfg, File.ReadAllText(cfg).Replace("\"n_layers\": 3", "\"n_layers\": 1"));
        e = Assert.Throws<SafetensorsFormatException>(() => KronosModel.Load(model, tok));
        Assert.Contains("unexpected tensor", e.Message);
        Assert.Contains("transformer.1.", e.Message);
    }

    [Fact]
    public void Missing_tensor_is_rejected()
    {
        var (model, tok) = CopyFixture();
        Rewrite(Path.Combine(model, "model.safetensors"), "norm.weight", h => h.Replace("\"norm.weight\"", "\"norm.weighx\""));
        var e = Assert.Throws<SafetensorsFormatException>(() => KronosModel.Load(model, tok));
        Assert.Contains("'norm.weight' is missing", e.Message);
    }

    private (string Model, string Tokenizer) CopyFixture()
    {
        var model = Directory.CreateDirectory(Path.Combine(_dir, "model")).FullName;
        var tok = Directory.CreateDirectory(Path.Combine(_dir, "tokenizer")).FullName;
        foreach (var (src, dst) in new[] { (Golden.ModelDir, model), (Golden.TokenizerDir, tok) })
        {
            foreach (var f in Directory.GetFiles(src))
            {
                File.Copy(f, Path.Combine(dst, Path.GetFileName(f)), overwrite: true);
            }
        }

        return (model, tok);
    }

    /// <summary>Edits the JSON header of a safetensors file (the data section is kept as is).</summary>
    private static void Rewrite(string path, string mustContain, Func<string, string> edit)
    {
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = Encoding.UTF8.GetString(bytes, 8, n);
        Assert.Contains(mustContain, header);
        var edited = Encoding.UTF8.GetBytes(edit(header).TrimEnd(' '));
        var padded = (edited.Length + 7) / 8 * 8;
        var result = new byte[8 + padded + (bytes.Length - 8 - n)];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        edited.CopyTo(result, 8);
        result.AsSpan(8 + edited.Length, padded - edited.Length).Fill((byte)' ');
        bytes.AsSpan(8 + n).CopyTo(result.AsSpan(8 + padded));
        File.WriteAllBytes(path, result);
    }

    private string Write(string header, byte[] data)
    {
        var h = Encoding.UTF8.GetBytes(header);
        var padded = (h.Length + 7) / 8 * 8;
        var bytes = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        h.CopyTo(bytes, 8);
        for (var i = 8 + h.Length; i < 8 + padded; i++)
        {
            bytes[i] = (byte)' ';
        }

        data.CopyTo(bytes, 8 + padded);
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
