namespace Enrichment.Core.Alertmanager;

/// <summary>
/// Alertmanager 0.25's rule for label and annotation names (Prometheus' <c>model.LabelName.IsValid</c>):
/// <c>[a-zA-Z_][a-zA-Z0-9_]*</c>. Names are compared case-sensitively everywhere: <c>env</c> and
/// <c>Env</c> are two labels.
/// </summary>
public static class LabelNames
{
    public const string Pattern = "[a-zA-Z_][a-zA-Z0-9_]*";

    public static bool IsValid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return false;
        }
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            var letter = char.IsAsciiLetter(c) || c == '_';
            if (!letter && !(i > 0 && char.IsAsciiDigit(c)))
            {
                return false;
            }
        }
        return true;
    }
}
