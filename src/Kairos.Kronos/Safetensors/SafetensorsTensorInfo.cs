namespace Kairos.Kronos.Safetensors;

/// <summary>One tensor entry of a safetensors header. Offsets are relative to the first byte after the header.</summary>
/// <param name="Name">State-dict key.</param>
/// <param name="DType">Element type.</param>
/// <param name="Shape">Dimensions, outermost first.</param>
/// <param name="DataBegin">First byte (inclusive) in the data section.</param>
/// <param name="DataEnd">Last byte (exclusive) in the data section.</param>
public sealed record SafetensorsTensorInfo(string Name, SafetensorsDType DType, IReadOnlyList<int> Shape, long DataBegin, long DataEnd)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount
    {
        get
        {
            long n = 1;
            foreach (var d in Shape)
            {
                n *= d;
            }

            return n;
        }
    }

    /// <summary>The shape written as <c>[a, b]</c>, for messages.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
