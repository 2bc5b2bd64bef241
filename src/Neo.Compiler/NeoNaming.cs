namespace Neo.Compiler;

/// <summary>Names the build and the generated code agree on.</summary>
public static class NeoNaming
{
    /// <summary>The logical name of the embedded weights resource of a model class.</summary>
    public static string WeightsResource(string ns, string className) => ns + "." + className + ".neoweights";

    /// <summary>The plan file name of a model class (in <c>obj/neo/</c>).</summary>
    public static string PlanFile(string className) => className + ".neoplan";

    /// <summary>The weights file name of a model class.</summary>
    public static string WeightsFile(string className) => className + ".neoweights";

    /// <summary>The report file name of a model class.</summary>
    public static string ReportFile(string className) => className + ".report.json";
}
