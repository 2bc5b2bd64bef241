using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Neo.Compiler;
using Neo.Compiler.Diagnostics;
using Neo.Compiler.IR;
using Neo.Compiler.Onnx;
using Neo.Compiler.Operators;
using Neo.Compiler.Options;
using Neo.Runtime;

namespace Neo.Hosting.Conformance;

/// <summary>How a conformance case ended.</summary>
public enum ConformanceStatus
{
    /// <summary>Every output of every data set matched.</summary>
    Pass,

    /// <summary>The model ran but an output differed (values, shape or type).</summary>
    Fail,

    /// <summary>The compiler refused the model for an operator, element type or attribute form Neo does not implement.</summary>
    Unsupported,

    /// <summary>Anything else: another compile error, generated code that does not compile, an exception at run time.</summary>
    Error,
}

/// <summary>The result of one case.</summary>
public sealed class ConformanceResult
{
    /// <summary>A result.</summary>
    public ConformanceResult(string name, ConformanceStatus status, string message, string? outOfScope, IReadOnlyList<string> boundInputs)
    {
        Name = name;
        Status = status;
        Message = message;
        OutOfScope = outOfScope;
        BoundInputs = boundInputs;
    }

    /// <summary>The case's name.</summary>
    public string Name { get; }

    /// <summary>How it ended.</summary>
    public ConformanceStatus Status { get; }

    /// <summary>What failed (empty for a pass).</summary>
    public string Message { get; }

    /// <summary>Null for a case in scope; otherwise why it is outside (see <see cref="ConformanceScope"/>).</summary>
    public string? OutOfScope { get; }

    /// <summary>Whether the case is in the scope Neo means to pass.</summary>
    public bool InScope => OutOfScope is null;

    /// <summary>Graph inputs bound at build time because an operator reads them as a shape, axes, pads, K...</summary>
    public IReadOnlyList<string> BoundInputs { get; }

    /// <summary>The status as the JSON report writes it: pass, fail, unsupported or error.</summary>
    public string StatusText => Status.ToString().ToLowerInvariant();
}

/// <summary>
/// Runs cases in the ONNX backend-test layout through the real compiler, generator and Roslyn, in one
/// process: cases are compiled in batches into one assembly each (<see cref="InMemoryModelBatch"/>), then
/// run and compared with <see cref="TensorComparison"/>. Set NEO_CONFORMANCE_TIMING to print where each
/// batch's time goes (compile and generate, then Roslyn) on stderr.
/// </summary>
public static class ConformanceRunner
{
    /// <summary>Cases per Roslyn compilation: large enough to amortize Roslyn, small enough to isolate failures cheaply.</summary>
    public const int BatchSize = 150;

    /// <summary>Runs <paramref name="cases"/>, reporting each result as it is known (in case order).</summary>
    public static IReadOnlyList<ConformanceResult> Run(IReadOnlyList<ConformanceCase> cases, Action<ConformanceResult>? onResult = null)
    {
        var results = new List<ConformanceResult>();
        for (int start = 0; start < cases.Count; start += BatchSize)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            List<Prepared> batch = cases.Skip(start).Take(BatchSize).Select((c, i) => Prepare(c, start + i)).ToList();
            List<Prepared> toBuild = batch.Where(p => p.Early is null).ToList();
            double tPrepare = clock.Elapsed.TotalSeconds;
            IReadOnlyList<BatchEntry> built = InMemoryModelBatch.Build(toBuild.Select(p => p.Request!).ToList());
            double tBuild = clock.Elapsed.TotalSeconds;
            if (Environment.GetEnvironmentVariable("NEO_CONFORMANCE_TIMING") is not null)
            {
                Console.Error.WriteLine($"batch {start}: prepare {tPrepare:0.0} s, build {tBuild - tPrepare:0.0} s");
            }
            for (int i = 0; i < toBuild.Count; i++)
            {
                toBuild[i].Entry = built[i];
            }

            foreach (Prepared p in batch)
            {
                ConformanceResult r = p.Early ?? Execute(p);
                results.Add(r);
                onResult?.Invoke(r);
            }
        }

        return results;
    }

    /// <summary>Writes <c>{"cases":[{"name","status","message","inScope","boundInputs"}], "totals":{...}}</c>.</summary>
    public static void WriteJson(string path, IReadOnlyList<ConformanceResult> results)
    {
        using FileStream stream = File.Create(path);
        using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        w.WriteStartObject();
        w.WriteStartArray("cases");
        foreach (ConformanceResult r in results)
        {
            w.WriteStartObject();
            w.WriteString("name", r.Name);
            w.WriteString("status", r.StatusText);
            w.WriteString("message", r.Message);
            w.WriteBoolean("inScope", r.InScope);
            if (r.OutOfScope is not null)
            {
                w.WriteString("outOfScope", r.OutOfScope);
            }

            if (r.BoundInputs.Count > 0)
            {
                w.WriteStartArray("boundInputs");
                foreach (string b in r.BoundInputs)
                {
                    w.WriteStringValue(b);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        Totals t = Totals.Of(results);
        w.WriteStartObject("totals");
        w.WriteNumber("cases", t.Cases);
        w.WriteNumber("pass", t.Pass);
        w.WriteNumber("fail", t.Fail);
        w.WriteNumber("unsupported", t.Unsupported);
        w.WriteNumber("error", t.Error);
        w.WriteNumber("inScope", t.InScope);
        w.WriteNumber("inScopePass", t.InScopePass);
        w.WriteNumber("boundInputCases", t.BoundInputCases);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private sealed class Prepared
    {
        public ConformanceCase Case = null!;
        public string? OutOfScope;
        public ConformanceResult? Early;
        public CompileRequest? Request;
        public List<string> Bound = new();
        public List<string> GraphInputs = new();
        public List<List<(string Name, TensorData Value)>> Inputs = new();
        public List<List<(string Name, TensorData Value)>> Outputs = new();
        public BatchEntry? Entry;
    }

    private static Prepared Prepare(ConformanceCase c, int index)
    {
        var p = new Prepared { Case = c, OutOfScope = ConformanceScope.OutOfScopeReason(c.ModelPath) };
        try
        {
            foreach (string set in c.DataSets)
            {
                p.Inputs.Add(ReadAll(set, "input"));
                p.Outputs.Add(ReadAll(set, "output"));
            }

            if (p.Inputs.Count == 0)
            {
                p.Early = Result(p, ConformanceStatus.Error, "the case has no test_data_set_* folder");
                return p;
            }

            var diagnostics = new DiagnosticBag(c.ModelPath);
            Model? model = OnnxImporter.Import(File.ReadAllBytes(c.ModelPath), c.ModelPath, c.Directory, diagnostics);
            var bound = new Dictionary<string, TensorData>(StringComparer.Ordinal);
            var shapes = new List<string>();
            if (model is not null)
            {
                Graph g = model.Graph;
                p.GraphInputs = g.Inputs.Select(i => i.Name).ToList();
                HashSet<Value> needed = ValuesReadAsConstants(g);
                for (int i = 0; i < g.Inputs.Count && i < p.Inputs[0].Count; i++)
                {
                    Value input = g.Inputs[i];
                    TensorData data = p.Inputs[0][i].Value;
                    if (needed.Contains(input))
                    {
                        bound[input.Name] = data;
                        p.Bound.Add(input.Name);
                    }
                    else if ((input.Shape is null || input.Shape.Any(d => d < 0)) && data.Shape.Length > 0 && data.Shape.All(d => d > 0))
                    {
                        shapes.Add(input.Name + "=" + string.Join("x", data.Shape));
                    }
                }
            }

            p.Request = new CompileRequest
            {
                ModelPath = c.ModelPath,
                ClassName = "Case" + index.ToString(CultureInfo.InvariantCulture),
                Namespace = "Neo.Conformance",
                TargetDevice = "portable",
                Shapes = string.Join(";", shapes),
                BoundInputs = bound.Count > 0 ? bound : null,
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            p.Early = Result(p, ConformanceStatus.Error, "cannot read the case: " + e.Message);
        }

        return p;
    }

    /// <summary>
    /// The graph inputs whose values some operator needs at build time, directly or through the nodes
    /// that compute such an operand. Shape and Size read only their input's shape, so the search stops there.
    /// </summary>
    private static HashSet<Value> ValuesReadAsConstants(Graph g)
    {
        var inputs = g.Inputs.ToHashSet();
        var result = new HashSet<Value>();
        var seen = new HashSet<Value>();
        var stack = new Stack<Value>();
        foreach (Node n in g.Nodes)
        {
            Operator? op = OperatorRegistry.Default.Find(n);
            if (op is null)
            {
                continue;
            }

            for (int i = 0; i < n.Inputs.Count; i++)
            {
                if (n.Inputs[i] is { } v && op.NeedsConstantInput(n, i))
                {
                    stack.Push(v);
                }
            }
        }

        while (stack.Count > 0)
        {
            Value v = stack.Pop();
            if (!seen.Add(v) || v.Constant is not null)
            {
                continue;
            }

            if (inputs.Contains(v))
            {
                result.Add(v);
            }
            else if (v.Producer is { } producer && producer.OpType is not ("Shape" or "Size"))
            {
                foreach (Value? x in producer.Inputs)
                {
                    if (x is not null)
                    {
                        stack.Push(x);
                    }
                }
            }
        }

        return result;
    }

    private static ConformanceResult Execute(Prepared p)
    {
        BatchEntry e = p.Entry!;
        if (e.Model is null)
        {
            bool unsupported = e.FailedStep == "compile" && e.Result is not null && e.Result.Diagnostics.Where(d => d.IsError)
                .All(d => d.Code is DiagnosticCodes.UnsupportedOperator or DiagnosticCodes.UnsupportedElementType or DiagnosticCodes.UnsupportedAttribute);
            string message = string.Join(" | ", e.Errors.Take(3)).Replace(p.Case.ModelPath + ": ", "", StringComparison.Ordinal);
            return Result(p, unsupported ? ConformanceStatus.Unsupported : ConformanceStatus.Error, (e.FailedStep ?? "build") + ": " + message);
        }

        try
        {
            using INeoModel model = e.Model.Create();
            for (int set = 0; set < p.Inputs.Count; set++)
            {
                List<(string Name, TensorData Value)> data = p.Inputs[set];
                foreach (string b in p.Bound)
                {
                    int k = p.GraphInputs.IndexOf(b);
                    if (set > 0 && !data[k].Value.ContentEquals(p.Inputs[0][k].Value))
                    {
                        return Result(p, ConformanceStatus.Error, $"data set {set} gives bound input '{b}' other values than data set 0");
                    }
                }

                var inputs = new Array[model.Signature.Inputs.Count];
                for (int i = 0; i < inputs.Length; i++)
                {
                    TensorInfo info = model.Signature.Inputs[i];
                    int k = p.GraphInputs.IndexOf(info.Name);
                    if (k < 0 || k >= data.Count)
                    {
                        return Result(p, ConformanceStatus.Error, $"the case has no data for input '{info.Name}'");
                    }

                    Array value = data[k].Value.Data;
                    if (value.GetType().GetElementType() != info.ElementType || value.Length != info.Length)
                    {
                        return Result(p, ConformanceStatus.Error, $"input '{info.Name}' is {data[k].Value}, but the model takes {info}");
                    }

                    inputs[i] = value;
                }

                var outputs = model.Signature.Outputs.Select(o => Array.CreateInstance(o.ElementType, o.Length)).ToArray();
                model.Run(inputs, outputs);
                List<(string Name, TensorData Value)> expected = p.Outputs[set];
                if (expected.Count != outputs.Length)
                {
                    return Result(p, ConformanceStatus.Fail, $"{outputs.Length} outputs, expected {expected.Count}");
                }

                for (int i = 0; i < outputs.Length; i++)
                {
                    if (TensorComparison.Compare(outputs[i], model.Signature.Outputs[i].Shape, expected[i].Value) is { } difference)
                    {
                        return Result(p, ConformanceStatus.Fail, $"output {i} ('{model.Signature.Outputs[i].Name}'): {difference}");
                    }
                }
            }

            return Result(p, ConformanceStatus.Pass, "");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return Result(p, ConformanceStatus.Error, "run: " + ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static List<(string Name, TensorData Value)> ReadAll(string set, string kind)
    {
        var list = new List<(string, TensorData)>();
        for (int i = 0; File.Exists(Path.Combine(set, $"{kind}_{i}.pb")); i++)
        {
            list.Add(OnnxTensors.ReadFile(Path.Combine(set, $"{kind}_{i}.pb")));
        }

        return list;
    }

    private static ConformanceResult Result(Prepared p, ConformanceStatus status, string message) =>
        new(p.Case.Name, status, message, p.OutOfScope, p.Bound);
}

/// <summary>Counts over a run.</summary>
public sealed class Totals
{
    /// <summary>Cases run.</summary>
    public int Cases { get; init; }

    /// <summary>Cases that passed.</summary>
    public int Pass { get; init; }

    /// <summary>Cases whose outputs differed.</summary>
    public int Fail { get; init; }

    /// <summary>Cases Neo refused as unsupported.</summary>
    public int Unsupported { get; init; }

    /// <summary>Cases that failed otherwise.</summary>
    public int Error { get; init; }

    /// <summary>Cases in scope.</summary>
    public int InScope { get; init; }

    /// <summary>Cases in scope that passed.</summary>
    public int InScopePass { get; init; }

    /// <summary>Cases that needed graph inputs bound at build time.</summary>
    public int BoundInputCases { get; init; }

    /// <summary>The totals of <paramref name="results"/>.</summary>
    public static Totals Of(IReadOnlyCollection<ConformanceResult> results) => new()
    {
        Cases = results.Count,
        Pass = results.Count(r => r.Status == ConformanceStatus.Pass),
        Fail = results.Count(r => r.Status == ConformanceStatus.Fail),
        Unsupported = results.Count(r => r.Status == ConformanceStatus.Unsupported),
        Error = results.Count(r => r.Status == ConformanceStatus.Error),
        InScope = results.Count(r => r.InScope),
        InScopePass = results.Count(r => r.InScope && r.Status == ConformanceStatus.Pass),
        BoundInputCases = results.Count(r => r.BoundInputs.Count > 0),
    };

    /// <summary>The one-line summary the tool prints.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Cases} cases: {Pass} pass, {Fail} fail, {Unsupported} unsupported, {Error} error; in scope: {InScopePass} of {InScope} pass; {BoundInputCases} cases bound inputs at build time");
}
