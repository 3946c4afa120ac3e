// Collects coded diagnostics across passes so one run reports every problem. Passes call error() or
// warn(); compile() throws once, with all errors found so far, when a pass leaves a fatal one behind
// (later passes cannot run on its output) and again at the end for any error at all.
import { HsnnError, type Diagnostic } from '../../core/errors.js';
import type { CompilerCode } from '../../core/codes.js';

export interface CompileDiagnostic extends Diagnostic {
  readonly code: CompilerCode;
  readonly severity: 'error' | 'warning';
  /** A fatal error stops the pipeline after the pass that found it. */
  readonly fatal: boolean;
}

export class DiagnosticSink {
  private readonly list: CompileDiagnostic[] = [];

  error(code: CompilerCode, message: string, fatal = true): void {
    this.list.push({ code, message, severity: 'error', fatal });
  }

  warn(code: CompilerCode, message: string): void {
    this.list.push({ code, message, severity: 'warning', fatal: false });
  }

  get all(): readonly CompileDiagnostic[] {
    return this.list;
  }

  get errors(): readonly CompileDiagnostic[] {
    return this.list.filter((d) => d.severity === 'error');
  }

  get warnings(): readonly CompileDiagnostic[] {
    return this.list.filter((d) => d.severity === 'warning');
  }

  hasErrors(): boolean {
    return this.list.some((d) => d.severity === 'error');
  }

  throwIfFatal(): void {
    if (this.list.some((d) => d.fatal)) this.throwErrors();
  }

  throwIfErrors(): void {
    if (this.hasErrors()) this.throwErrors();
  }

  private throwErrors(): never {
    throw new HsnnError(this.errors.map((d) => ({ code: d.code, message: d.message })));
  }
}
