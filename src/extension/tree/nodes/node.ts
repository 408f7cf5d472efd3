/** What every node of the explorer is, and what nodes need from the view. */
import * as vscode from 'vscode';
import { Selector } from '../../../core';
import type { ProjectionNames } from '../../names/projectionNames';
import { RootState } from '../../roots';
import { Grouping } from '../../settings';

/** What nodes need from the view: settings and the active filter, read at the moment a node is expanded. */
export interface ViewContext {
  grouping(): Grouping;
  pageSize(): number;
  maxStaleMs(): number;
  /** The filter's selectors for one root, or [] when the view is not filtered. */
  filter(state: RootState): Promise<Selector[]>;
  /** What rows, tooltips and group nodes call each projection group. */
  readonly names: ProjectionNames;
}

export abstract class Node {
  abstract readonly id: string;
  parent: Node | undefined;
  abstract treeItem(): vscode.TreeItem;
  children(): Promise<Node[]> {
    return Promise.resolve([]);
  }
}
