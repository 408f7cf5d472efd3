/**
 * The core's input problems (errors.ts) in the extension's words, in the display language: they name what the user
 * typed into an input box or passed in a command's argument object, never the command line's flags.
 */
import * as vscode from 'vscode';
import { CacheInputError, InputProblem } from '../core';
import { formatCount } from './locale';

export function inputProblemText(problem: InputProblem): string {
  switch (problem.code) {
    case 'key-too-long':
      return problem.what === 'prefix'
        ? vscode.l10n.t('The prefix is {0} bytes long; no cached key is longer than {1} bytes, so it can match nothing. Shorten it.', problem.bytes, problem.max)
        : vscode.l10n.t('The entity is {0} bytes long; no cached key is longer than {1} bytes, so it can match nothing. Shorten it.', problem.bytes, problem.max);
    case 'prefix-not-hex':
      return vscode.l10n.t('The hex prefix "{0}" has characters other than 0-9 and a-f: enter hex digits, or a text prefix (without 0x).', problem.input);
    case 'prefix-odd-digits':
      return vscode.l10n.t('The hex prefix "{0}" has an odd number of digits ({1}): keys are whole bytes, two hex digits each.', problem.input, problem.digits);
    case 'entity-empty':
      return vscode.l10n.t('The entity is empty: name it, e.g. user:42.');
    case 'shard-not-hex':
      return vscode.l10n.t('The shard "{0}" is not two hex digits (00 to ff).', problem.input);
    case 'group-form':
      return vscode.l10n.t('The group "{0}" must be TYPEHASH:SCHEMA or TYPEHASH:SCHEMA:KINDSHASH, e.g. 0x7ead8a246153a00b:0.', problem.input);
    case 'hash-not-hex':
      return problem.what === 'type-hash'
        ? vscode.l10n.t('The type hash "{0}" is not a 64-bit hex number (up to 16 hex digits).', problem.input)
        : vscode.l10n.t('The kinds hash "{0}" is not a 64-bit hex number (up to 16 hex digits).', problem.input);
    case 'schema-not-u64':
      return vscode.l10n.t('The schema version "{0}" is not a whole number from 0 to 2^64 - 1.', problem.input);
    case 'duration-not-understood':
      return vscode.l10n.t('The age "{0}" is not understood: enter a number with a unit, e.g. 90s, 15m, 2h or 7d.', problem.input);
    case 'duration-no-unit':
      return vscode.l10n.t('The age "{0}" has no unit: enter {0}s, {0}m, {0}h or {0}d, for example.', problem.input);
    case 'duration-too-long':
      return vscode.l10n.t('The age "{0}" is more than a century.', problem.input);
    case 'root-empty':
      return vscode.l10n.t('The cache root is empty: choose the directory the service passes to Store::open_with_native_cache.');
    case 'root-missing':
      return vscode.l10n.t('{0} does not exist: check the path of the cache root.', problem.path);
    case 'root-is-file':
      return vscode.l10n.t('{0} is a file: choose the cache root, the directory that holds the shard directories 00/ … ff/.', problem.path);
    case 'root-unreadable':
      return vscode.l10n.t('{0} cannot be read (permission denied): VS Code runs as a user that may not read this cache.', problem.path);
    case 'root-refused':
      return problem.what === 'home'
        ? vscode.l10n.t('{0} is left alone: it is your home directory, not a cache root. Add the cache directory itself.', problem.path)
        : vscode.l10n.t('{0} is left alone: it is the file system root, not a cache root. Add the cache directory itself.', problem.path);
    case 'store-missing':
      return vscode.l10n.t('The event store {0} does not exist: link the store\'s data directory with Link Event Store….', problem.dir);
    case 'store-is-file':
      return vscode.l10n.t('The event store {0} is a file: link the store\'s data directory (it holds NNNNNN.fbat segments) with Link Event Store….', problem.dir);
    case 'store-unreadable':
      return vscode.l10n.t('The event store {0} cannot be read ({1}).', problem.dir, problem.reason === 'EACCES' || problem.reason === 'EPERM' ? vscode.l10n.t('permission denied') : problem.reason);
    case 'store-without-segments':
      return vscode.l10n.t('{0} holds no batpak segment files (NNNNNN.fbat): link the data directory the service passes to Store::open.', problem.dir);
    case 'not-an-entry':
      return vscode.l10n.t('{0} is not a cache entry (<root>/<shard>/<hex key>.bin).', problem.path);
    case 'fixture-too-large':
      return vscode.l10n.t('{0} is larger than {1} bytes: too large for a test fixture.', problem.path, formatCount(problem.max));
    case 'not-a-fixture':
      return vscode.l10n.t('This is not a cache entry fixture (made by Copy as Test Fixture).');
    case 'clean-needs-store':
      return vscode.l10n.t('Cleaning up {0} needs the event store the audit judged against: link the root to its event store.', problem.classes.join(', '));
    case 'export-target':
      return vscode.l10n.t('Cannot export to {0} ({1}).', problem.file, problem.reason);
    case 'names-not-object':
      return vscode.l10n.t('The projection group names must be an object of "TYPEHASH:SCHEMA[:KINDS]": "Name" members.');
    case 'replayer-empty':
      return vscode.l10n.t('The replayer command is empty: set batpakCache.replay.command.');
    case 'replayer-shell-syntax':
      return vscode.l10n.t('The replayer command "{0}" uses shell syntax (pipes, redirections or globs); it runs without a shell: name a program and its arguments.', problem.input);
    case 'map-form':
      return vscode.l10n.t('The projection choice "{0}" must be TYPEHASH:SCHEMA=NAME.', problem.input);
    case 'query-not-json':
      return vscode.l10n.t('The query is not JSON: {0}.', problem.detail);
    case 'query-not-object':
      return vscode.l10n.t('The query must be a JSON object, e.g. {0}.', '{"balance_cents": {"$lt": 0}}');
    case 'query-not-understood':
      return vscode.l10n.t('The query is not understood: {0}.', problem.detail);
  }
}

/** The words of an input error: a core problem worded here, or the message a surface already worded. */
export function inputErrorText(error: CacheInputError): string {
  return error.problem ? inputProblemText(error.problem) : error.message;
}
