namespace Kairos.Backtesting.Optimization;

/// <summary>
/// One DIRECT run: Gablonsky's DIRECT 2.0.4 as shipped in SciPy's <c>_direct</c> module
/// (Fortran → f2c → NLopt → SciPy), re-expressed in C#. Every decision that can change which
/// rectangles are divided — list order and tie-breaking, the convex-hull test against
/// <c>levels</c>, the epsilon test, the evaluation order of sample points, the termination
/// tests and their order — follows that code, so that the same inputs give the same sequence of
/// objective calls as SciPy.
/// </summary>
/// <remarks>
/// Storage, all growing on demand:
/// <list type="bullet">
/// <item>Rectangles live at positions 1..<c>free</c>−1 (position 0 is the list terminator). Row
/// <c>pos</c> of <c>center</c>/<c>length</c> holds its centre in the unit cube and, per side, the
/// exponent <c>k</c> of its side length 3^−k. Positions are handed out in order and never freed.</item>
/// <item><c>next</c> threads every rectangle into exactly one list: the list of its level
/// (<c>anchor[level + 1]</c> is the head), sorted by ascending centre value, ties after.</item>
/// <item>The level of a rectangle is the exponent of its longest side (DIRECT-L) or <c>k·n + p</c>
/// with p sides shorter than the longest (original DIRECT); <c>levels[level]</c> is its size
/// measure and <c>thirds[i]</c> = 3^−i.</item>
/// <item><c>flag</c> is DIRECT's feasibility mark: 0 feasible, 2 infeasible (value is a
/// placeholder), 1 infeasible but given the value of a feasible neighbour.</item>
/// </list>
/// </remarks>
internal sealed class DirectSearch
{
    // DIRECT's MAXDIV: capacity of the selection list when ties are added (original DIRECT).
    private const int MaxDivisions = 5000;

    // DIRreplaceInf nudges a borrowed value up by |f|·1e-6f: a single-precision literal in the C source.
    private const double BorrowedValueGrowth = (double)1e-6f;

    // Past 3^-680 every power is 0 in double, so the tables stop there and read as 0 beyond.
    private const int PowerTableLimit = 700;

    private readonly Func<double[], double> objective;
    private readonly int n;
    private readonly bool locallyBiased;
    private readonly double[] scale;   // u − l
    private readonly double[] offset;  // l / (u − l): point = (centre + offset) · scale
    private readonly double[] xBuffer; // handed to the objective, rewritten before every call
    private readonly int positionLimit; // SciPy's MAXFUNC: positions 1..limit−1 are usable
    private readonly int maxDeep;       // SciPy's MAXDEEP: maxiter + 1000

    private readonly double[] thirds;
    private readonly double[] levels;

    // Per-dimension scratch of one division, 1-based by dimension (0 terminates lists).
    private readonly int[] dims;
    private readonly double[] sideBest;
    private readonly int[] orderNext;
    private readonly int[] orderPos;
    private readonly double[] boxLow;
    private readonly double[] boxHigh;

    private double[] center = [];
    private int[] length = [];
    private double[] value = [];
    private int[] flag = [];
    private int[] next = [];
    private int free;

    private int[] anchor = [];
    private int highestLevel;

    private int[] selected = [];
    private int[] selectedLevel = [];
    private int[] feasibleScratch = [];

    private double minValue;
    private int minPos;
    private double maxValue;
    private bool anyFeasible;
    private bool anyInfeasible;
    private int evaluations;

    internal DirectSearch(Func<double[], double> objective, double[] lower, double[] upper, bool locallyBiased, int positionLimit, int maxDeep)
    {
        this.objective = objective;
        n = lower.Length;
        this.locallyBiased = locallyBiased;
        this.positionLimit = positionLimit;
        this.maxDeep = maxDeep;
        scale = new double[n];
        offset = new double[n];
        for (var i = 0; i < n; i++)
        {
            var width = upper[i] - lower[i];
            offset[i] = lower[i] / width;
            scale[i] = width;
        }

        xBuffer = new double[n];
        dims = new int[n + 1];
        sideBest = new double[n + 1];
        orderNext = new int[n + 1];
        orderPos = new int[n + 1];
        boxLow = new double[n];
        boxHigh = new double[n];

        var tableLength = Math.Min(maxDeep, PowerTableLimit) + 1;
        thirds = new double[tableLength];
        var help = 3.0;
        for (var i = 1; i < tableLength; i++)
        {
            thirds[i] = 1.0 / help;
            help *= 3.0;
        }

        thirds[0] = 1.0;
        if (locallyBiased)
        {
            levels = (double[])thirds.Clone();
        }
        else
        {
            // Half the diagonal of a rectangle with j sides one third shorter than the other n − j.
            var halfDiagonal = new double[n];
            for (var j = 0; j < n; j++)
            {
                halfDiagonal[j] = Math.Sqrt((n - j) + (j / 9.0)) * 0.5;
            }

            var groups = Math.Min(maxDeep / n, PowerTableLimit);
            levels = new double[Math.Max(groups * n, 1)];
            help = 1.0;
            for (var i = 1; i <= groups; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    levels[((i - 1) * n) + j] = halfDiagonal[j] / help;
                }

                help *= 3.0;
            }
        }

        EnsurePositions(Math.Min(positionLimit, 256));
        anchor = new int[Math.Min(maxDeep + 2, 64)];
    }

    /// <summary>Runs DIRECT; <paramref name="maxEvaluations"/> and <paramref name="maxIterations"/> are SciPy's adjusted <c>maxf</c>/<c>maxt</c>.</summary>
    internal DirectOutcome Run(int maxEvaluations, int maxIterations, double eps, double targetValue, double targetTolerance, double volumeTolerance, double lengthTolerance)
    {
        var epsChanges = eps < 0.0;
        var epsFloor = 1e100;
        if (epsChanges)
        {
            epsFloor = -eps;
            eps = -eps;
        }

        var divisor = targetValue == 0.0 ? 1.0 : Math.Abs(targetValue);
        var budget = maxEvaluations;
        var originalBudget = maxEvaluations;
        var budgetRaised = false;

        if (!Initialise())
        {
            return Finish(DirectStatus.SamplePointsError, 1);
        }

        int t;
        for (t = 2; t <= maxIterations - 1; t++)
        {
            var count = Choose(eps);
            if (!locallyBiased && !AddTies(ref count))
            {
                return Finish(DirectStatus.MaxLevelsReached, t);
            }

            for (var j = 1; j <= count; j++)
            {
                var sample = selected[j];
                if (sample <= 0)
                {
                    continue;
                }

                var divisionLevel = ShortestExponent(sample);
                var delta = Third(divisionLevel + 1);
                var level = selectedLevel[j];
                if (level + 1 >= maxDeep)
                {
                    return Finish(DirectStatus.MaxLevelsReached, t);
                }

                Unlink(sample, level);
                var maxi = LongestSides(sample);
                if (!SamplePoints(sample, maxi, delta, out var start))
                {
                    return Finish(DirectStatus.SamplePointsError, t);
                }

                Evaluate(start, maxi);
                Divide(start, divisionLevel, sample, maxi);
                InsertDivided(start, maxi, sample);
                evaluations += maxi + maxi;
            }

            // Termination tests, in DIRECT's order: volume, side measure, target value, budget.
            if (Third(Level(minPos, locallyBiased: false)) <= volumeTolerance)
            {
                return Finish(DirectStatus.VolumeToleranceReached, t);
            }

            if (LevelMeasure(Level(minPos, locallyBiased)) <= lengthTolerance)
            {
                return Finish(DirectStatus.LengthToleranceReached, t);
            }

            if ((minValue - targetValue) / divisor <= targetTolerance)
            {
                return Finish(DirectStatus.TargetValueReached, t);
            }

            if (anyInfeasible)
            {
                ReplaceInfeasible();
            }

            if (epsChanges)
            {
                var adaptive = Math.Abs(minValue) * 1e-4;
                eps = adaptive > epsFloor ? adaptive : epsFloor;
            }

            // Without a feasible point the budget keeps being extended, as DIRECT does.
            if (budgetRaised)
            {
                budget = evaluations + originalBudget;
                if (anyFeasible)
                {
                    budgetRaised = false;
                }
            }

            if (evaluations > budget)
            {
                if (anyFeasible)
                {
                    return Finish(DirectStatus.MaxEvaluationsExceeded, t);
                }

                budgetRaised = true;
                budget = evaluations + originalBudget;
            }
        }

        return Finish(DirectStatus.MaxIterationsExceeded, t);
    }

    private DirectOutcome Finish(DirectStatus status, int iterations)
    {
        // SciPy reports x = c·(u − l) + (u − l)·l/(u − l): not the expression used for evaluation,
        // so the last bits can differ from the evaluated point; kept for bit parity.
        var x = new double[n];
        var row = minPos * n;
        for (var i = 0; i < n; i++)
        {
            x[i] = (center[row + i] * scale[i]) + (scale[i] * offset[i]);
        }

        return new DirectOutcome(x, minValue, evaluations, iterations, status);
    }

    /// <summary>DIRInit: the centre, then 2n points at ±1/3 along every side. False when the store is too small (n > ~500).</summary>
    private bool Initialise()
    {
        minValue = double.PositiveInfinity;
        var row = 1 * n;
        for (var i = 0; i < n; i++)
        {
            center[row + i] = 0.5;
            length[row + i] = 0;
        }

        var f = Call(1);
        var infeasible = !double.IsFinite(f);
        value[1] = f;
        flag[1] = infeasible ? 1 : 0;
        anyInfeasible = infeasible;
        maxValue = f;
        if (infeasible)
        {
            value[1] = double.PositiveInfinity;
            maxValue = double.PositiveInfinity;
            anyFeasible = false;
        }
        else
        {
            anyFeasible = true;
        }

        minValue = value[1];
        minPos = 1;
        next[1] = 0;
        free = 2;
        var maxi = LongestSides(1);
        evaluations = 1;
        if (!SamplePoints(1, maxi, thirds[1], out var start))
        {
            return false;
        }

        Evaluate(start, maxi);
        Divide(start, 0, 1, maxi);
        InsertDivided(start, maxi, 1);
        evaluations = maxi + 1 + maxi;
        return true;
    }

    /// <summary>
    /// Selects the potentially optimal rectangles into <c>selected[1..count]</c> (0 marks a dropped
    /// one): the head (lowest value) of every level's list, largest rectangles first; then, from the
    /// smallest upward, drops each one that a larger rectangle matches or beats or that a still
    /// selected smaller one beats, and each one whose best Lipschitz constant cannot improve on fmin
    /// by eps·|fmin|. An empty interval of admissible constants does not drop it (SciPy quirk, below).
    /// Without a feasible point only the largest rectangle is taken.
    /// </summary>
    private int Choose(double eps)
    {
        EnsureSelected(highestLevel + 3);
        if (!anyFeasible)
        {
            selected[1] = 0;
            for (var level = 0; level <= highestLevel; level++)
            {
                if (anchor[level + 1] > 0)
                {
                    selected[1] = anchor[level + 1];
                    selectedLevel[1] = Level(selected[1], locallyBiased);
                    break;
                }
            }

            return 1;
        }

        var k = 1;
        for (var level = 0; level <= highestLevel; level++)
        {
            if (anchor[level + 1] > 0)
            {
                selected[k] = anchor[level + 1];
                selectedLevel[k] = Level(selected[k], locallyBiased);
                k++;
            }
        }

        var count = k - 1;
        selected[k] = 0;
        // C's MIN(a, b) = a < b ? a : b; the second operand is SciPy's absolute epsilon, always 0.
        var relative = minValue - (eps * Math.Abs(minValue));
        var absolute = minValue - 0.0;
        var threshold = relative < absolute ? relative : absolute;
        for (var j = count; j >= 1; j--)
        {
            var candidate = selected[j];
            var candidateMeasure = LevelMeasure(selectedLevel[j]);
            var upper = double.PositiveInfinity; // smallest slope to a larger rectangle
            var lower = 0.0;                     // largest slope to a smaller rectangle
            var keep = true;
            for (var i = 1; i < j && keep; i++)
            {
                var other = selected[i];
                if (other > 0 && flag[other] <= 1)
                {
                    var slope = (value[other] - value[candidate]) / (LevelMeasure(selectedLevel[i]) - candidateMeasure);
                    if (slope <= 0.0)
                    {
                        keep = false;
                    }
                    else if (slope < upper)
                    {
                        upper = slope;
                    }
                }
            }

            // Rectangles already dropped (higher j) no longer constrain the hull, as in DIRECT.
            for (var i = j + 1; i <= count && keep; i++)
            {
                var other = selected[i];
                if (other > 0 && flag[other] <= 1)
                {
                    var slope = (value[other] - value[candidate]) / (LevelMeasure(selectedLevel[i]) - candidateMeasure);
                    if (slope <= 0.0)
                    {
                        keep = false;
                    }
                    else if (slope > lower)
                    {
                        lower = slope;
                    }
                }
            }

            // SciPy quirk, kept for parity: in SciPy's DIRsubrout.c the elimination for an empty
            // slope interval (lower > upper) is guarded by `if (logfile)`, and SciPy never passes a
            // log file, so such a rectangle is kept and skips the epsilon test as well.
            if (keep && lower <= upper)
            {
                keep = !(value[candidate] - (upper * candidateMeasure) > threshold);
            }

            if (!keep)
            {
                selected[j] = 0;
            }
        }

        return count;
    }

    /// <summary>
    /// Original DIRECT divides every rectangle tied with a selected one (same level, value within
    /// 1e-13 of the list head). False when DIRECT's 5000-entry selection list overflows.
    /// </summary>
    private bool AddTies(ref int count)
    {
        var selectedCount = count;
        for (var i = 1; i <= selectedCount; i++)
        {
            if (selected[i] <= 0)
            {
                continue;
            }

            var level = selectedLevel[i];
            var head = anchor[level + 1];
            var pos = next[head];
            while (pos > 0 && value[pos] - value[head] <= 1e-13)
            {
                if (count >= MaxDivisions)
                {
                    return false;
                }

                count++;
                EnsureSelected(count + 1);
                selected[count] = pos;
                selectedLevel[count] = level;
                pos = next[pos];
            }
        }

        return true;
    }

    private void Unlink(int rect, int level)
    {
        var head = anchor[level + 1];
        if (head == rect)
        {
            anchor[level + 1] = next[rect];
            return;
        }

        var pos = head;
        while (next[pos] != rect)
        {
            pos = next[pos];
            if (pos == 0)
            {
                throw new InvalidOperationException($"DIRECT invariant broken: rectangle {rect} is not in the list of level {level}.");
            }
        }

        next[pos] = next[rect];
    }

    /// <summary>Fills <c>dims[1..maxi]</c> with the 1-based dimensions of the longest sides, ascending.</summary>
    private int LongestSides(int rect)
    {
        var shortest = ShortestExponent(rect);
        var row = rect * n;
        var maxi = 0;
        for (var i = 0; i < n; i++)
        {
            if (length[row + i] == shortest)
            {
                dims[++maxi] = i + 1;
            }
        }

        return maxi;
    }

    /// <summary>
    /// Takes 2·maxi new positions (start, start+1, …, linked in that order) and puts at each pair the
    /// centre moved by +delta then −delta along one long side, sides in ascending order.
    /// False when SciPy's store would be full (it fails when the last position it hands out is MAXFUNC).
    /// </summary>
    private bool SamplePoints(int sample, int maxi, double delta, out int start)
    {
        start = free;
        var count = maxi + maxi;
        if (free + count - 1 >= positionLimit)
        {
            return false;
        }

        EnsurePositions(free + count);
        var source = sample * n;
        for (var k = 0; k < count; k++)
        {
            var pos = free + k;
            Array.Copy(length, source, length, pos * n, n);
            Array.Copy(center, source, center, pos * n, n);
            next[pos] = pos + 1;
        }

        next[free + count - 1] = 0;
        free += count;
        for (var j = 1; j <= maxi; j++)
        {
            var side = dims[j] - 1;
            var plus = start + (2 * (j - 1));
            center[(plus * n) + side] = center[source + side] + delta;
            center[((plus + 1) * n) + side] = center[source + side] - delta;
        }

        return true;
    }

    /// <summary>Evaluates the 2·maxi new points in position order, then updates fmin (strictly lower, first wins).</summary>
    private void Evaluate(int start, int maxi)
    {
        var count = maxi + maxi;
        for (var pos = start; pos < start + count; pos++)
        {
            var f = Call(pos);
            if (double.IsFinite(f))
            {
                value[pos] = f;
                flag[pos] = 0;
                anyFeasible = true;
                maxValue = f > maxValue ? f : maxValue;
            }
            else
            {
                // DIRECT's hidden-constraint path: a placeholder value, repaired by ReplaceInfeasible.
                anyInfeasible = true;
                value[pos] = maxValue;
                flag[pos] = 2;
            }
        }

        for (var pos = start; pos < start + count; pos++)
        {
            if (value[pos] < minValue && flag[pos] == 0)
            {
                minValue = value[pos];
                minPos = pos;
            }
        }
    }

    private double Call(int pos)
    {
        var row = pos * n;
        for (var i = 0; i < n; i++)
        {
            xBuffer[i] = (center[row + i] + offset[i]) * scale[i];
        }

        return objective(xBuffer);
    }

    /// <summary>
    /// Trisects along the long sides in order of the best value of each side's pair (ascending, ties
    /// by dimension): the side with the best pair is cut first, so that pair keeps the largest box.
    /// </summary>
    private void Divide(int start, int currentLength, int sample, int maxi)
    {
        var head = 0;
        var pos = start;
        for (var i = 1; i <= maxi; i++)
        {
            var side = dims[i];
            var plus = pos;
            var first = value[pos];
            pos = next[pos];
            sideBest[side] = value[pos] < first ? value[pos] : first;
            pos = next[pos];
            InsertSide(ref head, side, plus);
        }

        var newLength = currentLength + 1;
        for (var j = 1; j <= maxi; j++)
        {
            var side = head;
            pos = orderPos[head];
            head = orderNext[head];
            var rest = head;
            var column = side - 1;
            length[(sample * n) + column] = newLength;
            for (var i = 1; i <= maxi - j + 1; i++)
            {
                length[(pos * n) + column] = newLength;
                pos = next[pos];
                length[(pos * n) + column] = newLength;
                if (rest > 0)
                {
                    pos = orderPos[rest];
                    rest = orderNext[rest];
                }
            }
        }
    }

    private void InsertSide(ref int head, int side, int plus)
    {
        if (head == 0)
        {
            orderNext[side] = 0;
            head = side;
        }
        else if (sideBest[head] > sideBest[side])
        {
            orderNext[side] = head;
            head = side;
        }
        else
        {
            var pos = head;
            while (true)
            {
                if (orderNext[pos] == 0)
                {
                    orderNext[side] = 0;
                    orderNext[pos] = side;
                    break;
                }

                if (sideBest[side] < sideBest[orderNext[pos]])
                {
                    orderNext[side] = orderNext[pos];
                    orderNext[pos] = side;
                    break;
                }

                pos = orderNext[pos];
            }
        }

        orderPos[side] = plus;
    }

    /// <summary>Puts the new pairs and the divided rectangle into their level lists (DIRInsertList).</summary>
    private void InsertDivided(int start, int maxi, int sample)
    {
        var pending = start;
        for (var j = 1; j <= maxi; j++)
        {
            var pos1 = pending;
            var pos2 = next[pos1];
            pending = next[pos2];
            var level = Level(pos1, locallyBiased);
            EnsureAnchor(level);
            var head = anchor[level + 1];
            if (head == 0)
            {
                if (value[pos2] < value[pos1])
                {
                    anchor[level + 1] = pos2;
                    next[pos2] = pos1;
                    next[pos1] = 0;
                }
                else
                {
                    anchor[level + 1] = pos1;
                    next[pos2] = 0;
                }
            }
            else if (value[pos2] < value[pos1])
            {
                if (value[pos2] < value[head])
                {
                    anchor[level + 1] = pos2;
                    if (value[pos1] < value[head])
                    {
                        next[pos2] = pos1;
                        next[pos1] = head;
                    }
                    else
                    {
                        next[pos2] = head;
                        InsertAfter(ref head, pos1);
                    }
                }
                else
                {
                    InsertAfter(ref head, pos2);
                    InsertAfter(ref head, pos1);
                }
            }
            else if (value[pos1] < value[head])
            {
                anchor[level + 1] = pos1;
                if (value[head] < value[pos2])
                {
                    next[pos1] = head;
                    InsertAfter(ref head, pos2);
                }
                else
                {
                    next[pos1] = pos2;
                    next[pos2] = head;
                }
            }
            else
            {
                InsertAfter(ref head, pos1);
                InsertAfter(ref head, pos2);
            }
        }

        var sampleLevel = Level(sample, locallyBiased);
        EnsureAnchor(sampleLevel);
        var first = anchor[sampleLevel + 1];
        if (value[sample] < value[first])
        {
            anchor[sampleLevel + 1] = sample;
            next[sample] = first;
        }
        else
        {
            InsertAfter(ref first, sample);
        }
    }

    /// <summary>
    /// Inserts <paramref name="rect"/> somewhere after <paramref name="from"/> (never before it),
    /// before the first strictly larger value; leaves <paramref name="from"/> at the predecessor, which
    /// DIRInsertList relies on for its second insertion.
    /// </summary>
    private void InsertAfter(ref int from, int rect)
    {
        while (true)
        {
            var following = next[from];
            if (following == 0)
            {
                next[from] = rect;
                next[rect] = 0;
                return;
            }

            if (value[rect] < value[following])
            {
                next[from] = rect;
                next[rect] = following;
                return;
            }

            from = following;
        }
    }

    /// <summary>
    /// DIRreplaceInf: an infeasible centre takes the lowest value of the feasible centres inside a box
    /// of twice its rectangle (raised by |f|·1e-6 and re-sorted); otherwise it becomes +∞.
    /// </summary>
    private void ReplaceInfeasible()
    {
        // Feasible marks never change inside this pass, so they can be listed once.
        if (feasibleScratch.Length < free)
        {
            feasibleScratch = new int[Math.Max(free, feasibleScratch.Length * 2)];
        }

        var feasibleCount = 0;
        for (var k = 1; k < free; k++)
        {
            if (flag[k] == 0)
            {
                feasibleScratch[feasibleCount++] = k;
            }
        }

        for (var i = 1; i < free; i++)
        {
            if (flag[i] <= 0)
            {
                continue;
            }

            var row = i * n;
            for (var j = 0; j < n; j++)
            {
                var side = Third(length[row + j]);
                boxLow[j] = center[row + j] - side;
                boxHigh[j] = center[row + j] + side;
            }

            value[i] = double.PositiveInfinity;
            flag[i] = 2;
            for (var q = 0; q < feasibleCount; q++)
            {
                var k = feasibleScratch[q];
                if (InBox(k))
                {
                    value[i] = value[i] < value[k] ? value[i] : value[k];
                    flag[i] = 1;
                }
            }

            if (flag[i] == 1)
            {
                value[i] += Math.Abs(value[i]) * BorrowedValueGrowth;
                Resort(i);
            }
            else if (maxValue != value[i])
            {
                var raised = maxValue + 1.0;
                value[i] = raised > value[i] ? raised : value[i];
            }
        }
    }

    private bool InBox(int rect)
    {
        var row = rect * n;
        for (var j = 0; j < n; j++)
        {
            var x = center[row + j];
            if (boxLow[j] > x || boxHigh[j] < x)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>DIRResortlist: moves a rectangle whose value changed to its sorted place in its level list (unless it is the head).</summary>
    private void Resort(int rect)
    {
        var level = Level(rect, locallyBiased);
        var start = anchor[level + 1];
        if (rect == start)
        {
            return;
        }

        var pos = start;
        for (var i = 0; i < free; i++)
        {
            if (next[pos] == rect)
            {
                next[pos] = next[rect];
                break;
            }

            pos = next[pos];
            if (pos == 0)
            {
                break;
            }
        }

        if (value[start] > value[rect])
        {
            anchor[level + 1] = rect;
            next[rect] = start;
            return;
        }

        pos = start;
        for (var i = 0; i < free; i++)
        {
            var following = next[pos];
            if (following == 0)
            {
                next[rect] = 0;
                next[pos] = rect;
                return;
            }

            if (value[following] > value[rect])
            {
                next[rect] = following;
                next[pos] = rect;
                return;
            }

            pos = following;
        }
    }

    /// <summary>Exponent k of the longest side (3^−k): DIRGetMaxdeep.</summary>
    private int ShortestExponent(int rect)
    {
        var row = rect * n;
        var k = length[row];
        for (var i = 1; i < n; i++)
        {
            k = Math.Min(k, length[row + i]);
        }

        return k;
    }

    /// <summary>
    /// DIRGetlevel. Locally biased: exponent of the longest side. Original: k·n + (number of sides
    /// shorter than the longest), counted against the first side as the C code does.
    /// </summary>
    private int Level(int rect, bool locallyBiased)
    {
        if (locallyBiased)
        {
            return ShortestExponent(rect);
        }

        var row = rect * n;
        var first = length[row];
        var k = first;
        var p = 1;
        for (var i = 1; i < n; i++)
        {
            var l = length[row + i];
            if (l < k)
            {
                k = l;
            }

            if (l == first)
            {
                p++;
            }
        }

        return k == first ? (k * n) + n - p : (k * n) + p;
    }

    private double Third(int exponent) => exponent < thirds.Length ? thirds[exponent] : 0.0;

    private double LevelMeasure(int level) => level < levels.Length ? levels[level] : 0.0;

    private void EnsurePositions(int needed)
    {
        var size = needed + 1;
        if (value.Length >= size)
        {
            return;
        }

        var capacity = Math.Max(size, value.Length * 2);
        capacity = Math.Min(capacity, Math.Max(size, positionLimit + 1));
        Array.Resize(ref center, capacity * n);
        Array.Resize(ref length, capacity * n);
        Array.Resize(ref value, capacity);
        Array.Resize(ref flag, capacity);
        Array.Resize(ref next, capacity);
    }

    private void EnsureAnchor(int level)
    {
        if (level > highestLevel)
        {
            highestLevel = level;
        }

        if (level + 2 > anchor.Length)
        {
            Array.Resize(ref anchor, Math.Max(level + 2, anchor.Length * 2));
        }
    }

    private void EnsureSelected(int size)
    {
        if (selected.Length <= size)
        {
            var capacity = Math.Max(size + 1, selected.Length * 2);
            Array.Resize(ref selected, capacity);
            Array.Resize(ref selectedLevel, capacity);
        }
    }
}
