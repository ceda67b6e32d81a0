using System.Globalization;

namespace Kairos.Backtesting.Optimization;

/// <summary>SciPy's <c>direct</c> result messages, with numbers formatted as Python's <c>str.format</c> does.</summary>
internal static class DirectMessages
{
    internal static string For(DirectStatus status, int maxfun, int maxiter, double targetTolerance, double volumeTolerance, double lengthTolerance) => status switch
    {
        DirectStatus.MaxEvaluationsExceeded => $"Number of function evaluations done is larger than maxfun={maxfun.ToString(CultureInfo.InvariantCulture)}",
        DirectStatus.MaxIterationsExceeded => $"Number of iterations is larger than maxiter={maxiter.ToString(CultureInfo.InvariantCulture)}",
        DirectStatus.TargetValueReached => $"The best function value found is within a relative error={PythonRepr(targetTolerance)} of the (known) global optimum f_min",
        DirectStatus.VolumeToleranceReached => $"The volume of the hyperrectangle containing the lowest function value found is below vol_tol={PythonRepr(volumeTolerance)}",
        DirectStatus.LengthToleranceReached => $"The side length measure of the hyperrectangle containing the lowest function value found is below len_tol={PythonRepr(lengthTolerance)}",
        DirectStatus.SamplePointsError => "There was an error in the creation of the sample points",
        DirectStatus.MaxLevelsReached => "Maximum number of levels has been reached.",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown DIRECT status."),
    };

    /// <summary>
    /// Python's <c>repr(float)</c>: the shortest round-trip digits, positional for decimal exponents
    /// in [−4, 16), otherwise <c>d.ddde±XX</c>; integral values keep a trailing <c>.0</c>.
    /// </summary>
    internal static string PythonRepr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0.0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        // "E16" would not be shortest; "R" is, so split its output into digits and exponent.
        var text = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = text.StartsWith('-');
        if (negative)
        {
            text = text[1..];
        }

        var exponent = 0;
        var e = text.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        var integerDigits = dot >= 0 ? dot : text.Length;
        var digits = text.Replace(".", string.Empty, StringComparison.Ordinal);
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        // Scientific exponent of the first significant digit.
        var decimalExponent = integerDigits - leadingZeros - 1 + exponent;
        digits = digits[leadingZeros..].TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        string body;
        if (decimalExponent is < -4 or >= 16)
        {
            var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
            var sign = decimalExponent < 0 ? "-" : "+";
            body = $"{mantissa}e{sign}{Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture)}";
        }
        else if (decimalExponent < 0)
        {
            body = $"0.{new string('0', -decimalExponent - 1)}{digits}";
        }
        else if (digits.Length <= decimalExponent + 1)
        {
            body = $"{digits}{new string('0', decimalExponent + 1 - digits.Length)}.0";
        }
        else
        {
            body = $"{digits[..(decimalExponent + 1)]}.{digits[(decimalExponent + 1)..]}";
        }

        return negative ? "-" + body : body;
    }
}
