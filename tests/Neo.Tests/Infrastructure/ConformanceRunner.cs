using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx;
using Neo.Compiler.Options;
using Neo.Hosting;
using Neo.Runtime;

namespace Neo.Tests.Infrastructure;

/// <summary>The outcome of one conformance case.</summary>
public sealed record ConformanceOutcome(string Name, bool Passed, string Message, IReadOnlyList<string> BoundInputs);

/// <summary>
/// Runs cases in the ONNX backend-test layout (<c>model.onnx</c>, <c>test_data_set_*/input_N.pb</c>,
/// <c>output_N.pb</c>) through the real compiler, generator and Roslyn, and compares every output with
/// the ONNX suite's tolerance: |got - expected| ≤ 1e-7 + 1e-3·|expected| per element, exact for integer
/// and bool outputs. All cases of a run compile into one assembly, so hundreds of cases take seconds.
/// </summary>
/// <remarks>
/// Graph inputs that an operator reads as a shape, scales, trip count or condition are bound to the
/// case's data at build time when the first compile says (NEO1203) that it needs them: a compiler that
/// specializes on shapes must.
/// </remarks>
public static class ConformanceRunner
{
    /// <summary>Where Debian's libonnx-testdata puts the ONNX 1.12 conformance suite.</summary>
    public const string SuiteRoot = "/usr/share/libonnx-testdata/data";

    private static readonly Regex Quoted = new("'([^']+)'", RegexOptions.CultureInvariant);

    /// <summary>The case folder of <paramref name="name"/>, looked up in the suite's four folders.</summary>
    public static string CaseDirectory(string name)
    {
        if (Path.IsPathRooted(name) && Directory.Exists(name))
        {
            return name;
        }

        foreach (string suite in new[] { "node", "pytorch-converted", "pytorch-operator", "simple" })
        {
            string dir = Path.Combine(SuiteRoot, suite, name);
            if (Directory.Exists(dir))
            {
                return dir;
            }
        }

        throw new DirectoryNotFoundException($"The conformance case '{name}' is not under {SuiteRoot}; install the Debian package libonnx-testdata (.ci/run does).");
    }

    /// <summary>Runs <paramref name="names"/> (case folder names) and returns one outcome per case, in order.</summary>
    public static IReadOnlyList<ConformanceOutcome> Run(IReadOnlyList<string> names, string optimize = "default")
    {
        var prepared = new List<(string Name, ModelCase Case, CompileRequest Request, List<string> Bound, string[] InputNames)>();
        var outcomes = new ConformanceOutcome?[names.Count];
        for (int i = 0; i < names.Count; i++)
        {
            string name = names[i];
            try
            {
                ModelCase c = ModelCase.Load(CaseDirectory(name));
                (CompileRequest request, List<string> bound, string[] inputNames, string? error) = Prepare(c, i, optimize);
                if (error is not null)
                {
                    outcomes[i] = new ConformanceOutcome(name, false, error, bound);
                    continue;
                }

                prepared.Add((name, c, request, bound, inputNames));
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or CompileErrorException)
            {
                outcomes[i] = new ConformanceOutcome(name, false, e.Message, Array.Empty<string>());
            }
        }

        IReadOnlyList<BatchBuildResult> built = InMemoryModel.BuildMany(prepared.Select(p => p.Request).ToList());
        for (int k = 0; k < prepared.Count; k++)
        {
            (string name, ModelCase c, _, List<string> bound, string[] inputNames) = prepared[k];
            int index = names.ToList().IndexOf(name);
            BatchBuildResult b = built[k];
            if (b.Model is null)
            {
                outcomes[index] = new ConformanceOutcome(name, false, "build: " + b.Error!.Message, bound);
                continue;
            }

            try
            {
                string? mismatch = Execute(b.Model, c, inputNames, bound);
                outcomes[index] = new ConformanceOutcome(name, mismatch is null, mismatch ?? "", bound);
            }
            catch (Exception e)
            {
                outcomes[index] = new ConformanceOutcome(name, false, "run: " + e.GetType().Name + ": " + e.Message, bound);
            }
        }

        return outcomes.Select(o => o!).ToList();
    }

    private static (CompileRequest Request, List<string> Bound, string[] InputNames, string? Error) Prepare(ModelCase c, int index, string optimize)
    {
        string[] inputNames = GraphInputNames(c.ModelPath);
        var bound = new List<string>();
        var request = new CompileRequest
        {
            ModelPath = c.ModelPath,
            Shapes = c.Shapes,
            Optimize = optimize,
            ClassName = "Case" + index.ToString(CultureInfo.InvariantCulture),
            Namespace = "Neo.Conformance",
        };
        for (int attempt = 0; attempt < 4; attempt++)
        {
            CompileResult result = NeoCompiler.Compile(request);
            if (result.Success)
            {
                return (request, bound, inputNames, null);
            }

            // Bind the graph inputs the compiler says it needs at build time, then try again.
            var wanted = result.Diagnostics
                .Where(d => d.IsError && d.Code == DiagnosticCodes.DynamicShape)
                .SelectMany(d => Quoted.Matches(d.Message).Select(m => m.Groups[1].Value))
                .Where(n => inputNames.Contains(n) && !bound.Contains(n))
                .Distinct()
                .ToList();
            if (wanted.Count == 0)
            {
                return (request, bound, inputNames, "compile: " + string.Join(" | ", result.Diagnostics.Where(d => d.IsError).Select(d => d.Code + " " + d.Message)));
            }

            request.BoundInputs ??= new Dictionary<string, TensorData>(StringComparer.Ordinal);
            foreach (string n in wanted)
            {
                int i = Array.IndexOf(inputNames, n);
                request.BoundInputs[n] = c.Inputs[i].Value;
                bound.Add(n);
            }
        }

        return (request, bound, inputNames, "compile: too many rounds of input binding");
    }

    private static string[] GraphInputNames(string modelPath)
    {
        var bag = new DiagnosticBag(modelPath);
        Model? model = OnnxImporter.Import(File.ReadAllBytes(modelPath), modelPath, Path.GetDirectoryName(modelPath), bag);
        return model?.Graph.Inputs.Select(v => v.Name).ToArray() ?? Array.Empty<string>();
    }

    private static string? Execute(InMemoryModel built, ModelCase c, string[] inputNames, List<string> bound)
    {
        using INeoModel model = built.Create();
        var inputs = new List<Array>();
        foreach (TensorInfo info in model.Signature.Inputs)
        {
            int i = Array.IndexOf(inputNames, info.Name);
            if (i < 0 || i >= c.Inputs.Count)
            {
                return $"the case has no data for input '{info.Name}'";
            }

            inputs.Add(c.Inputs[i].Value.Data);
        }

        Array[] outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
        model.Run(inputs.ToArray(), outputs);
        if (c.Outputs.Count != outputs.Length)
        {
            return $"the model has {outputs.Length} outputs, the case {c.Outputs.Count}";
        }

        for (int i = 0; i < outputs.Length; i++)
        {
            TensorData expected = c.Outputs[i].Value;
            TensorInfo info = model.Signature.Outputs[i];
            if (!info.Shape.AsSpan().SequenceEqual(expected.Shape) && Shapes.Size(info.Shape) != expected.Length)
            {
                return $"output {i} has shape {Shapes.Format(info.Shape)}, expected {Shapes.Format(expected.Shape)}";
            }

            if (!info.Shape.AsSpan().SequenceEqual(expected.Shape))
            {
                return $"output {i} has shape {Shapes.Format(info.Shape)}, expected {Shapes.Format(expected.Shape)}";
            }

            if (DataTypes.ClrType(expected.Type) != info.ElementType)
            {
                return $"output {i} has element type {info.ElementType.Name}, expected {DataTypes.Name(expected.Type)}";
            }

            string? diff = Compare(outputs[i], expected);
            if (diff is not null)
            {
                return $"output {i} ('{info.Name}'): {diff}";
            }
        }

        return null;
    }

    /// <summary>Compares with numpy's assert_allclose(rtol=1e-3, atol=1e-7) for floats, exactly otherwise; null when equal.</summary>
    public static string? Compare(Array got, TensorData expected)
    {
        var g = new TensorData(expected.Type, expected.Shape, got);
        bool exact = !DataTypes.IsFloat(expected.Type);
        int bad = 0, first = -1;
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected.GetDouble(i), a = g.GetDouble(i);
            bool ok;
            if (exact)
            {
                ok = expected.Type is DataType.Int64 or DataType.UInt64 ? expected.GetInt64(i) == g.GetInt64(i) : e == a;
            }
            else if (double.IsNaN(e) || double.IsNaN(a))
            {
                ok = double.IsNaN(e) && double.IsNaN(a);
            }
            else if (double.IsInfinity(e) || double.IsInfinity(a))
            {
                ok = e == a;
            }
            else
            {
                ok = Math.Abs(a - e) <= 1e-7 + (1e-3 * Math.Abs(e));
            }

            if (!ok)
            {
                bad++;
                if (first < 0)
                {
                    first = i;
                }

                worst = Math.Max(worst, Math.Abs(a - e));
            }
        }

        return bad == 0
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"{bad} of {expected.Length} elements differ (first at {first}: got {g.GetDouble(first)}, expected {expected.GetDouble(first)}; largest difference {worst:G4})");
    }
}
