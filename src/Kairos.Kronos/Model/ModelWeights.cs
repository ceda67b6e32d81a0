namespace Kairos.Kronos.Model;

/// <summary>All Kronos (autoregressive model) tensors.</summary>
internal sealed class ModelWeights
{
    /// <summary>Rows of the five time tables: minute, hour, weekday, day, month.</summary>
    public static readonly int[] TimeTableRows = [60, 24, 7, 32, 13];

    private static readonly string[] TimeTableNames = ["minute", "hour", "weekday", "day", "month"];

    public ModelWeights(ITensorSource s, KronosConfig c)
    {
        int d = c.DModel;
        EmbS1 = s.Float("embedding.emb_s1.weight", [c.V1, d], TensorInit.Embedding);
        EmbS2 = s.Float("embedding.emb_s2.weight", [c.V2, d], TensorInit.Embedding);
        FusionProj = new LinearWeights(s, "embedding.fusion_proj", 2 * d, d, true);
        var suffix = c.LearnTe ? ".weight" : ".emb.weight";
        TimeTables = TimeTableNames.Select((n, i) => s.Float($"time_emb.{n}_embed{suffix}", [TimeTableRows[i], d], TensorInit.Embedding)).ToArray();
        Blocks = Enumerable.Range(0, c.NLayers).Select(i => new BlockWeights(s, $"transformer.{i}", d, c.NHeads, c.FfDim)).ToArray();
        Norm = s.Float("norm.weight", [d], TensorInit.Ones);
        DepQ = new LinearWeights(s, "dep_layer.cross_attn.q_proj", d, d, true);
        DepK = new LinearWeights(s, "dep_layer.cross_attn.k_proj", d, d, true);
        DepV = new LinearWeights(s, "dep_layer.cross_attn.v_proj", d, d, true);
        DepO = new LinearWeights(s, "dep_layer.cross_attn.out_proj", d, d, true);
        s.Buffer("dep_layer.cross_attn.rotary.inv_freq", [d / KronosConfig.DepHeads / 2], false, BlockWeights.InvFreq(d / KronosConfig.DepHeads));
        DepNorm = s.Float("dep_layer.norm.weight", [d], TensorInit.Ones);
        ProjS1 = new LinearWeights(s, "head.proj_s1", d, c.V1, true);
        ProjS2 = new LinearWeights(s, "head.proj_s2", d, c.V2, true);
        s.Complete();
    }

    /// <summary>[V1, d].</summary>
    public WeightView EmbS1 { get; }

    /// <summary>[V2, d].</summary>
    public WeightView EmbS2 { get; }

    /// <summary>Linear(2d→d).</summary>
    public LinearWeights FusionProj { get; }

    /// <summary>Five [rows, d] tables (minute 60, hour 24, weekday 7, day 32, month 13).</summary>
    public WeightView[] TimeTables { get; }

    public BlockWeights[] Blocks { get; }

    /// <summary>Final RMSNorm [d].</summary>
    public WeightView Norm { get; }

    public LinearWeights DepQ { get; }

    public LinearWeights DepK { get; }

    public LinearWeights DepV { get; }

    public LinearWeights DepO { get; }

    public WeightView DepNorm { get; }

    public LinearWeights ProjS1 { get; }

    public LinearWeights ProjS2 { get; }
}
