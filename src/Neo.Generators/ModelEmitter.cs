using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using Neo.Plan;

namespace Neo.Generators
{
    /// <summary>
    /// Writes the C# class of one model from its plan: the typed <c>Predict</c> methods, the generic
    /// <c>INeoModel</c> entry points, and <c>Execute</c>, which calls the planned kernels in order with
    /// every shape and offset a constant. Output is deterministic: the same plan gives the same text.
    /// </summary>
    internal sealed class ModelEmitter
    {
        /// <summary>Steps per generated method: keeps each method small for the JIT and Roslyn (roslyn#64225).</summary>
        public const int StepsPerMethod = 40;

        private static readonly Dictionary<string, (string CSharp, string Accessor, int Size)> Types = new Dictionary<string, (string, string, int)>(StringComparer.Ordinal)
        {
            ["float32"] = ("float", "F32", 4),
            ["float64"] = ("double", "F64", 8),
            ["float16"] = ("global::System.Half", "F16", 2),
            ["int64"] = ("long", "I64", 8),
            ["int32"] = ("int", "I32", 4),
            ["int16"] = ("short", "I16", 2),
            ["int8"] = ("sbyte", "I8", 1),
            ["uint8"] = ("byte", "U8", 1),
            ["uint16"] = ("ushort", "U16", 2),
            ["bfloat16"] = ("ushort", "U16", 2),
            ["uint32"] = ("uint", "U32", 4),
            ["uint64"] = ("ulong", "U64", 8),
            ["bool"] = ("bool", "Bool", 1),
        };

        private readonly ModelPlan _plan;
        private readonly StringBuilder _sb = new StringBuilder();
        private readonly Dictionary<string, PlanTensor> _tensors = new Dictionary<string, PlanTensor>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _names = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<PlanTensor> _inputs;
        private readonly List<PlanTensor> _outputs;
        private readonly Dictionary<string, string> _pascal = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _arrays = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly List<string> _arrayFields = new List<string>();
        private int _indent;

        private ModelEmitter(ModelPlan plan)
        {
            _plan = plan;
            foreach (PlanTensor t in plan.Tensors)
            {
                if (!IsIdentifierToken(t.Id) || _tensors.ContainsKey(t.Id))
                {
                    throw new PlanContentException("has an invalid or repeated tensor id '" + t.Id + "'");
                }

                if (!Types.ContainsKey(t.ElementType))
                {
                    throw new PlanContentException("has tensor '" + t.Name + "' of unknown element type '" + t.ElementType + "'");
                }

                _tensors[t.Id] = t;
            }

            _inputs = plan.Tensors.Where(t => t.Storage == TensorStorage.Input).ToList();
            _outputs = plan.Tensors.Where(t => t.Storage == TensorStorage.Output).ToList();
            foreach (PlanTensor t in plan.Tensors.Where(t => t.Storage == TensorStorage.View))
            {
                if (!_tensors.TryGetValue(t.ViewOf, out PlanTensor? root) || root.Storage == TensorStorage.View || root.ElementType != t.ElementType)
                {
                    throw new PlanContentException("has view '" + t.Name + "' of an unknown or mismatched tensor '" + t.ViewOf + "'");
                }
            }

            // Names: parameters and locals share one scope; emitter-internal names start with "__" or "_",
            // which sanitized model names never do.
            var camel = new IdentifierNamer("inputs", "outputs", "options");
            var pascal = new IdentifierNamer(
                "Signature", "Predict", "Run", "Dispose", "Outputs", "Execute", "LoadWeights", "ThrowIfDisposed",
                "ArenaBytes", "WeightsBytes", "WeightsChecksum", "WeightsResource", "DefaultThreads", "ModelFile", "Macs",
                "Equals", "GetHashCode", "ToString", "GetType", "MemberwiseClone", "Finalize", plan.ClassName);
            foreach (PlanTensor t in _inputs.Concat(_outputs))
            {
                _names[t.Id] = camel.Camel(t.Name, t.Storage == TensorStorage.Input ? "input" : "output");
                _pascal[t.Id] = pascal.Pascal(t.Name, t.Storage == TensorStorage.Input ? "Input" : "Output", "Length", "Shape");
            }

            foreach (PlanTensor t in plan.Tensors.Where(t => t.Storage != TensorStorage.Input && t.Storage != TensorStorage.Output))
            {
                _names[t.Id] = camel.Camel(t.Name, "tensor");
            }
        }

        /// <summary>Emits the source of the model's class.</summary>
        public static string Emit(ModelPlan plan)
        {
            var e = new ModelEmitter(plan);
            return e.EmitClass();
        }

        private string EmitClass()
        {
            ModelPlan p = _plan;
            if (!IsDottedIdentifier(p.Namespace) || !IsIdentifierToken(p.ClassName))
            {
                throw new PlanContentException("names class '" + p.Namespace + "." + p.ClassName + "', which is not a valid C# name");
            }

            // The body first: it discovers the static arrays the class declares.
            string body = EmitBody();

            Line("// <auto-generated/>");
            Line("// Generated by Neo from " + CSharpText.Comment(p.ModelFile) + ". Do not edit: rebuild to regenerate.");
            Line("#nullable enable");
            Line("#pragma warning disable CS1591 // The members without docs are private.");
            if (p.ClassName.All(c => c >= 'a' && c <= 'z') || p.Namespace.Split('.').Any(n => n.All(c => c >= 'a' && c <= 'z')))
            {
                // CS8981 would fail a TreatWarningsAsErrors build over a lower-case ClassName or Namespace the project chose.
                Line("#pragma warning disable CS8981");
            }

            Line();
            Line("namespace " + p.Namespace);
            Line("{");
            _indent++;
            Line("/// <summary>");
            Line("/// The model <c>" + CSharpText.Xml(p.ModelFile) + "</c>, compiled by Neo for <c>" + CSharpText.Xml(p.TargetDevice) + "</c>.");
            Line("/// </summary>");
            Line("/// <remarks>");
            if (p.Producer.Length > 0)
            {
                Line("/// <para>Produced by " + CSharpText.Xml(p.Producer) + ".</para>");
            }

            Line("/// <para>Inputs:</para>");
            Line("/// <list type=\"bullet\">");
            foreach (PlanTensor t in _inputs)
            {
                Line("/// <item><c>" + CSharpText.Xml(t.Name) + "</c>: " + Describe(t) + "</item>");
            }

            Line("/// </list>");
            Line("/// <para>Outputs:</para>");
            Line("/// <list type=\"bullet\">");
            foreach (PlanTensor t in _outputs)
            {
                Line("/// <item><c>" + CSharpText.Xml(t.Name) + "</c>: " + Describe(t) + "</item>");
            }

            Line("/// </list>");
            Line("/// <para>An instance is not thread-safe: use one per thread. Instances share the read-only weights.</para>");
            Line("/// </remarks>");
            Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Neo.Generators\", \"0.1.0\")]");
            Line("public sealed partial class " + p.ClassName + " : global::Neo.Runtime.INeoModel");
            Line("{");
            _indent++;
            EmitConstants();
            EmitFields();
            EmitConstructors();
            EmitPredict();
            EmitOutputsClass();
            EmitRun();
            EmitDispose();
            _sb.Append(body);
            _indent--;
            Line("}");
            _indent--;
            Line("}");
            return _sb.ToString();
        }

        private void EmitConstants()
        {
            ModelPlan p = _plan;
            foreach (PlanTensor t in _inputs.Concat(_outputs))
            {
                string kind = t.Storage == TensorStorage.Input ? "input" : "output";
                Line("/// <summary>The number of elements of " + kind + " <c>" + CSharpText.Xml(t.Name) + "</c> (" + Describe(t) + ").</summary>");
                Line("public const int " + _pascal[t.Id] + "Length = " + Invariant(t.Length) + ";");
                Line();
                Line("/// <summary>The shape of " + kind + " <c>" + CSharpText.Xml(t.Name) + "</c>.</summary>");
                Line("public static global::System.ReadOnlySpan<int> " + _pascal[t.Id] + "Shape => new int[] { " + string.Join(", ", t.Shape.Select(d => Invariant(d))) + " };");
                Line();
            }

            Line("/// <summary>The model file this class was compiled from.</summary>");
            Line("public const string ModelFile = " + CSharpText.Literal(p.ModelFile) + ";");
            Line();
            Line("/// <summary>Multiply-accumulates per prediction.</summary>");
            Line("public const long Macs = " + Invariant(p.Macs) + "L;");
            Line();
            Line("private const int ArenaBytes = " + Invariant(p.ArenaBytes) + ";");
            Line("private const long WeightsBytes = " + Invariant(p.WeightsBytes) + "L;");
            Line("private const ulong WeightsChecksum = 0x" + p.WeightsChecksum.ToString("x16", CultureInfo.InvariantCulture) + "UL;");
            Line("private const string WeightsResource = " + CSharpText.Literal(p.WeightsResource) + ";");
            Line("private const int DefaultThreads = " + Invariant(p.Threads) + ";");
            Line();
        }

        private void EmitFields()
        {
            Line("private static global::Neo.Runtime.WeightStore? s_weights;");
            Line("private static readonly global::Neo.Runtime.ModelSignature s_signature = new global::Neo.Runtime.ModelSignature(");
            _indent++;
            Line("new global::Neo.Runtime.TensorInfo[] { " + string.Join(", ", _inputs.Select(Info)) + " },");
            Line("new global::Neo.Runtime.TensorInfo[] { " + string.Join(", ", _outputs.Select(Info)) + " });");
            _indent--;
            foreach (string field in _arrayFields)
            {
                Line(field);
            }

            Line();
            Line("private readonly global::Neo.Runtime.WeightStore _weights;");
            Line("private readonly global::Neo.Runtime.Arena _arena;");
            Line("private readonly global::Neo.Runtime.Threading.ThreadTeam _team;");
            Line("private bool _disposed;");
            Line();
        }

        private string Info(PlanTensor t) =>
            "new global::Neo.Runtime.TensorInfo(" + CSharpText.Literal(t.Name) + ", typeof(" + Types[t.ElementType].CSharp + "), new int[] { " + string.Join(", ", t.Shape.Select(d => Invariant(d))) + " })";

        private void EmitConstructors()
        {
            string cls = _plan.ClassName;
            Line("/// <summary>Creates an instance with the default options: ready to predict.</summary>");
            Line("public " + cls + "()");
            _indent++;
            Line(": this(global::Neo.Runtime.ModelOptions.Default)");
            _indent--;
            Line("{");
            Line("}");
            Line();
            Line("/// <summary>Creates an instance: loads the weights (once per process) and allocates its working memory.</summary>");
            Line("/// <param name=\"options\">The thread count and other run-time options.</param>");
            Line("public " + cls + "(global::Neo.Runtime.ModelOptions options)");
            Line("{");
            _indent++;
            Line("global::System.ArgumentNullException.ThrowIfNull(options);");
            Line("_weights = LoadWeights();");
            Line("_arena = new global::Neo.Runtime.Arena(ArenaBytes);");
            Line("_team = global::Neo.Runtime.Threading.ThreadTeam.ForModel(options.Threads > 0 ? options.Threads : DefaultThreads, Macs);");
            _indent--;
            Line("}");
            Line();
            Line("/// <inheritdoc />");
            Line("public global::Neo.Runtime.ModelSignature Signature => s_signature;");
            Line();
            Line("private static global::Neo.Runtime.WeightStore LoadWeights()");
            Line("{");
            _indent++;
            Line("global::Neo.Runtime.WeightStore? weights = global::System.Threading.Volatile.Read(ref s_weights);");
            Line("if (weights is null)");
            Line("{");
            _indent++;
            Line("weights = global::Neo.Runtime.WeightStore.Load(typeof(" + cls + ").Assembly, WeightsResource, WeightsBytes, WeightsChecksum);");
            Line("weights = global::System.Threading.Interlocked.CompareExchange(ref s_weights, weights, null) ?? weights;");
            _indent--;
            Line("}");
            Line();
            Line("return weights;");
            _indent--;
            Line("}");
            Line();
        }

        private void EmitPredict()
        {
            // Zero-allocation form.
            Line("/// <summary>Runs the model on <paramref name=\"" + _names[_inputs.Concat(_outputs).First().Id] + "\"/>" + (_outputs.Count > 0 ? ", writing the results into the output spans" : "") + ". Allocates nothing.</summary>");
            foreach (PlanTensor t in _inputs)
            {
                Line("/// <param name=\"" + _names[t.Id] + "\">Input <c>" + CSharpText.Xml(t.Name) + "</c>: " + Describe(t) + ", flat and row-major.</param>");
            }

            foreach (PlanTensor t in _outputs)
            {
                Line("/// <param name=\"" + _names[t.Id] + "\">Receives output <c>" + CSharpText.Xml(t.Name) + "</c>: " + Describe(t) + ".</param>");
            }

            Line("/// <exception cref=\"global::System.ArgumentException\">A span does not have the tensor's length.</exception>");
            Line("/// <exception cref=\"global::System.ObjectDisposedException\">The instance was disposed.</exception>");
            Line("public void Predict(" + string.Join(", ", _inputs.Select(t => "global::System.ReadOnlySpan<" + Types[t.ElementType].CSharp + "> " + _names[t.Id]).Concat(_outputs.Select(t => "global::System.Span<" + Types[t.ElementType].CSharp + "> " + _names[t.Id]))) + ")");
            Line("{");
            _indent++;
            Line("ThrowIfDisposed();");
            foreach (PlanTensor t in _inputs.Concat(_outputs))
            {
                string kind = t.Storage == TensorStorage.Input ? "Input" : "Output";
                Line("if (" + _names[t.Id] + ".Length != " + _pascal[t.Id] + "Length)");
                Line("{");
                _indent++;
                Line("global::Neo.Runtime.ModelErrors.Throw" + kind + "Length(nameof(" + _names[t.Id] + "), " + CSharpText.Literal(t.Name) + ", " + CSharpText.Literal(ShapeText(t)) + ", " + _pascal[t.Id] + "Length, " + _names[t.Id] + ".Length);");
                _indent--;
                Line("}");
                Line();
            }

            Line("Execute(" + string.Join(", ", _inputs.Concat(_outputs).Select(t => _names[t.Id])) + ");");
            _indent--;
            Line("}");
            Line();

            // Convenience form.
            Line("/// <summary>Runs the model and returns its outputs in new arrays.</summary>");
            foreach (PlanTensor t in _inputs)
            {
                Line("/// <param name=\"" + _names[t.Id] + "\">Input <c>" + CSharpText.Xml(t.Name) + "</c>: " + Describe(t) + ", flat and row-major.</param>");
            }

            Line("/// <returns>The outputs, one array per output.</returns>");
            Line("/// <exception cref=\"global::System.ArgumentException\">An input does not have the tensor's length.</exception>");
            Line("public Outputs Predict(" + string.Join(", ", _inputs.Select(t => "global::System.ReadOnlySpan<" + Types[t.ElementType].CSharp + "> " + _names[t.Id])) + ")");
            Line("{");
            _indent++;
            foreach (PlanTensor t in _outputs)
            {
                Line("var " + _names[t.Id] + " = new " + Types[t.ElementType].CSharp + "[" + _pascal[t.Id] + "Length];");
            }

            Line("Predict(" + string.Join(", ", _inputs.Concat(_outputs).Select(t => _names[t.Id])) + ");");
            Line("return new Outputs(" + string.Join(", ", _outputs.Select(t => _names[t.Id])) + ");");
            _indent--;
            Line("}");
            Line();
        }

        private void EmitOutputsClass()
        {
            Line("/// <summary>The outputs of one prediction, one flat row-major array per output.</summary>");
            Line("public sealed class Outputs");
            Line("{");
            _indent++;
            Line("internal Outputs(" + string.Join(", ", _outputs.Select(t => Types[t.ElementType].CSharp + "[] " + _names[t.Id])) + ")");
            Line("{");
            _indent++;
            foreach (PlanTensor t in _outputs)
            {
                Line(_pascal[t.Id] + " = " + _names[t.Id] + ";");
            }

            _indent--;
            Line("}");
            foreach (PlanTensor t in _outputs)
            {
                Line();
                Line("/// <summary>Output <c>" + CSharpText.Xml(t.Name) + "</c>: " + Describe(t) + ".</summary>");
                Line("public " + Types[t.ElementType].CSharp + "[] " + _pascal[t.Id] + " { get; }");
            }

            _indent--;
            Line("}");
            Line();
        }

        private void EmitRun()
        {
            Line("/// <inheritdoc />");
            Line("public void Run(global::System.ReadOnlySpan<global::System.Array> inputs, global::System.ReadOnlySpan<global::System.Array> outputs)");
            Line("{");
            _indent++;
            Line("global::Neo.Runtime.ModelErrors.CheckCount(inputs.Length, " + Invariant(_inputs.Count) + ", outputs.Length, " + Invariant(_outputs.Count) + ");");
            var args = new List<string>();
            for (int i = 0; i < _inputs.Count; i++)
            {
                PlanTensor t = _inputs[i];
                string cs = Types[t.ElementType].CSharp;
                Line("var __in" + Invariant(i) + " = global::Neo.Runtime.ModelErrors.As<" + cs + ">(inputs[" + Invariant(i) + "], " + CSharpText.Literal(t.Name) + ", nameof(inputs));");
                args.Add("__in" + Invariant(i));
            }

            for (int i = 0; i < _outputs.Count; i++)
            {
                PlanTensor t = _outputs[i];
                string cs = Types[t.ElementType].CSharp;
                Line("var __out" + Invariant(i) + " = global::Neo.Runtime.ModelErrors.As<" + cs + ">(outputs[" + Invariant(i) + "], " + CSharpText.Literal(t.Name) + ", nameof(outputs));");
                args.Add("__out" + Invariant(i));
            }

            Line("Predict(" + string.Join(", ", args) + ");");
            _indent--;
            Line("}");
            Line();
        }

        private void EmitDispose()
        {
            Line("/// <summary>Ends the instance's worker threads. Calling it again does nothing.</summary>");
            Line("public void Dispose()");
            Line("{");
            _indent++;
            Line("if (!_disposed)");
            Line("{");
            _indent++;
            Line("_disposed = true;");
            Line("_team.Dispose();");
            _indent--;
            Line("}");
            _indent--;
            Line("}");
            Line();
            Line("private void ThrowIfDisposed()");
            Line("{");
            _indent++;
            Line("if (_disposed)");
            Line("{");
            _indent++;
            Line("throw new global::System.ObjectDisposedException(nameof(" + _plan.ClassName + "));");
            _indent--;
            Line("}");
            _indent--;
            Line("}");
            Line();
        }

        private string EmitBody()
        {
            var saved = new StringBuilder(_sb.ToString());
            _sb.Clear();
            int savedIndent = _indent;
            _indent = 2;

            string parameters = string.Join(", ", _inputs.Select(t => "global::System.ReadOnlySpan<" + Types[t.ElementType].CSharp + "> " + _names[t.Id]).Concat(_outputs.Select(t => "global::System.Span<" + Types[t.ElementType].CSharp + "> " + _names[t.Id])));
            string arguments = string.Join(", ", _inputs.Concat(_outputs).Select(t => _names[t.Id]));
            int parts = Math.Max(1, (_plan.Steps.Count + StepsPerMethod - 1) / StepsPerMethod);
            Line("/// <summary>The planned kernel calls, in order; every shape and offset is a build-time constant.</summary>");
            // Fully optimized on the first call, like the kernels it calls: a prediction must not run unoptimized code
            // while the JIT's tiering queue is busy with the application's start-up methods.
            Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
            Line("private void Execute(" + parameters + ")");
            Line("{");
            _indent++;
            if (parts == 1)
            {
                EmitSteps(0, _plan.Steps.Count);
            }
            else
            {
                for (int p = 0; p < parts; p++)
                {
                    Line("Part" + Invariant(p) + "(" + arguments + ");");
                }
            }

            _indent--;
            Line("}");
            if (parts > 1)
            {
                for (int p = 0; p < parts; p++)
                {
                    Line();
                    int start = p * StepsPerMethod;
                    int end = Math.Min(_plan.Steps.Count, start + StepsPerMethod);
                    Line("/// <summary>Steps " + Invariant(start) + " to " + Invariant(end - 1) + ".</summary>");
                    Line("private void Part" + Invariant(p) + "(" + parameters + ")");
                    Line("{");
                    _indent++;
                    EmitSteps(start, end);
                    _indent--;
                    Line("}");
                }
            }

            string body = _sb.ToString();
            _sb.Clear();
            _sb.Append(saved);
            _indent = savedIndent;
            return body;
        }

        private void EmitSteps(int start, int end)
        {
            var declared = new HashSet<string>(StringComparer.Ordinal);
            var locals = new List<string>();
            var calls = new List<string>();
            string TensorExpr(string id)
            {
                if (!_tensors.TryGetValue(id, out PlanTensor? t))
                {
                    throw new PlanContentException("refers to tensor '%" + id + "', which it does not declare");
                }

                if (t.Storage != TensorStorage.Input && t.Storage != TensorStorage.Output && declared.Add(id))
                {
                    locals.Add(Local(t));
                }

                return _names[id];
            }

            string ArrayField(string type, string initializer)
            {
                string key = type + " " + initializer;
                if (!_arrays.TryGetValue(key, out string? name))
                {
                    name = "s_array" + Invariant(_arrays.Count);
                    _arrays[key] = name;
                    _arrayFields.Add("private static readonly " + type + "[] " + name + " = " + initializer + ";");
                }

                return name;
            }

            var translator = new ArgumentTranslator(TensorExpr, ArrayField);
            bool usesTeam = false;
            var stepText = new StringBuilder();
            for (int i = start; i < end; i++)
            {
                PlanStep step = _plan.Steps[i];
                string call = ArgumentTranslator.Call(step.Call);
                var args = new List<string>();
                foreach (PlanArg a in step.Args)
                {
                    if (!IsIdentifierToken(a.Name))
                    {
                        throw new PlanContentException("has an argument named '" + a.Name + "'");
                    }

                    string value = translator.Translate(a.Value);
                    usesTeam |= value == "__team";
                    args.Add(a.Name + ": " + value);
                }

                var conditions = new List<string>();
                foreach (PlanGuard g in step.Guards)
                {
                    if (!_tensors.TryGetValue(g.TensorId, out PlanTensor? ct) || ct.ElementType != "bool" || ct.Length < 1)
                    {
                        throw new PlanContentException("guards step " + Invariant(i) + " by '" + g.TensorId + "', which is not a declared bool tensor");
                    }

                    conditions.Add((g.WhenTrue ? "" : "!") + TensorExpr(g.TensorId) + "[0]");
                }

                string nodes = string.Join(", ", step.Nodes.Select(n => n.Name + " (" + n.OpType + ")"));
                var text = new StringBuilder();
                text.Append("// ").Append(Invariant(i)).Append(": ").Append(CSharpText.Comment(step.Label));
                if (nodes.Length > 0)
                {
                    text.Append(" \u2014 ").Append(CSharpText.Comment(nodes));
                }

                calls.Add(text.ToString());
                string pad = "";
                if (conditions.Count > 0)
                {
                    // A branch of an If whose condition is known only at run time.
                    calls.Add("if (" + string.Join(" && ", conditions) + ")");
                    calls.Add("{");
                    pad = "    ";
                }

                calls.Add(pad + call + "(");
                for (int k = 0; k < args.Count; k++)
                {
                    calls.Add(pad + "    " + args[k] + (k == args.Count - 1 ? ");" : ","));
                }

                if (args.Count == 0)
                {
                    calls[calls.Count - 1] += ");";
                }

                if (conditions.Count > 0)
                {
                    calls.Add("}");
                }

                calls.Add("");
            }

            if (locals.Count > 0 || usesTeam)
            {
                Line("var __arena = _arena;");
                Line("var __weights = _weights;");
                if (usesTeam)
                {
                    Line("var __team = _team;");
                }

                foreach (string l in locals)
                {
                    Line(l);
                }

                Line();
            }

            for (int i = 0; i < calls.Count - 1; i++)
            {
                Line(calls[i]);
            }
        }

        private string Local(PlanTensor t)
        {
            (string cs, string accessor, int size) = Types[t.ElementType];
            string name = _names[t.Id];
            switch (t.Storage)
            {
                case TensorStorage.Arena:
                    return "global::System.Span<" + cs + "> " + name + " = __arena." + accessor + "(" + Invariant(t.Offset) + ", " + Invariant(t.Length) + ");";
                case TensorStorage.Weights:
                    return "global::System.ReadOnlySpan<" + cs + "> " + name + " = __weights." + accessor + "(" + Invariant(t.Offset) + ", " + Invariant(t.Length) + ");";
                case TensorStorage.View:
                    PlanTensor root = _tensors[t.ViewOf];
                    switch (root.Storage)
                    {
                        case TensorStorage.Arena:
                            return "global::System.Span<" + cs + "> " + name + " = __arena." + accessor + "(" + Invariant(root.Offset + (t.Offset * size)) + ", " + Invariant(t.Length) + ");";
                        case TensorStorage.Weights:
                            return "global::System.ReadOnlySpan<" + cs + "> " + name + " = __weights." + accessor + "(" + Invariant(root.Offset + (t.Offset * size)) + ", " + Invariant(t.Length) + ");";
                        case TensorStorage.Input:
                            return "global::System.ReadOnlySpan<" + cs + "> " + name + " = " + _names[root.Id] + ".Slice(" + Invariant(t.Offset) + ", " + Invariant(t.Length) + ");";
                        default:
                            return "global::System.Span<" + cs + "> " + name + " = " + _names[root.Id] + ".Slice(" + Invariant(t.Offset) + ", " + Invariant(t.Length) + ");";
                    }

                default:
                    throw new PlanContentException("has tensor '" + t.Name + "' with storage " + t.Storage);
            }
        }

        private static string Describe(PlanTensor t) => CSharpText.Xml(t.ElementType) + " " + CSharpText.Xml(ShapeText(t));

        private static string ShapeText(PlanTensor t) => "[" + string.Join(",", t.Shape.Select(d => Invariant(d))) + "]";

        private static string Invariant(long v) => v.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Whether <paramref name="s"/> can be written as a C# identifier as it is: letters of any script,
        /// digits, '_', combining marks and connectors (the compiler's ClassName and Namespace rules; the
        /// compiler also refuses keywords there).
        /// </summary>
        private static bool IsIdentifierToken(string s)
        {
            if (s.Length == 0 || s.Length > 511)
            {
                return false;
            }

            for (int i = 0; i < s.Length; i++)
            {
                UnicodeCategory cat = CharUnicodeInfo.GetUnicodeCategory(s[i]);
                bool letter = cat == UnicodeCategory.UppercaseLetter || cat == UnicodeCategory.LowercaseLetter || cat == UnicodeCategory.TitlecaseLetter
                    || cat == UnicodeCategory.ModifierLetter || cat == UnicodeCategory.OtherLetter || cat == UnicodeCategory.LetterNumber;
                bool rest = cat == UnicodeCategory.DecimalDigitNumber || cat == UnicodeCategory.ConnectorPunctuation
                    || cat == UnicodeCategory.NonSpacingMark || cat == UnicodeCategory.SpacingCombiningMark;
                if (!(letter || s[i] == '_' || (i > 0 && rest)))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsDottedIdentifier(string s) => s.Split('.').All(IsIdentifierToken);

        private void Line(string text = "")
        {
            if (text.Length > 0)
            {
                _sb.Append(' ', _indent * 4).Append(text);
            }

            _sb.Append('\n');
        }
    }
}
