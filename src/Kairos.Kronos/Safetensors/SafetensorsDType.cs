namespace Kairos.Kronos.Safetensors;

/// <summary>Element types a safetensors header may name (the subset Kronos checkpoints can contain plus the common integer types).</summary>
public enum SafetensorsDType
{
    F64,
    F32,
    F16,
    BF16,
    I64,
    I32,
    I16,
    I8,
    U8,
    Bool,
}
