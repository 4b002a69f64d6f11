namespace Screener.Core.FullText;

/// <summary>
/// Reading order of a page's text blocks for one- and two-column layouts: blocks that cross the page's middle
/// (titles, full-width paragraphs, a centred page number) are read top to bottom and divide the page into bands;
/// within a band the left column is read top to bottom before the right one.
/// </summary>
public static class ColumnOrder
{
    /// <summary>How far (in points) a column block may cross the middle and still count as one column's.</summary>
    private const double MiddleTolerance = 6;

    /// <param name="box">Left, right and top of a block, in PDF coordinates (y grows upwards).</param>
    public static IReadOnlyList<T> Arrange<T>(IEnumerable<T> blocks, Func<T, (double Left, double Right, double Top)> box, double pageWidth)
    {
        var middle = pageWidth / 2;
        var result = new List<T>();
        var left = new List<(T Block, double Top)>();
        var right = new List<(T Block, double Top)>();
        foreach (var block in blocks.OrderByDescending(b => box(b).Top))
        {
            var (l, r, top) = box(block);
            if (r <= middle + MiddleTolerance) left.Add((block, top));
            else if (l >= middle - MiddleTolerance) right.Add((block, top));
            else
            {
                Flush();
                result.Add(block);
            }
        }
        Flush();
        return result;

        void Flush()
        {
            result.AddRange(left.Select(b => b.Block));
            result.AddRange(right.Select(b => b.Block));
            left.Clear();
            right.Clear();
        }
    }
}
