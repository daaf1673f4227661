#!/usr/bin/env node
// Entry point of sriov-exporter as npm installs it. The Node.js version is checked before the program is loaded
// (cli/node-support.ts says why); no top-level await, so that an old Node parses this file too.
import { startOnSupportedNode } from '../cli/node-support.js';

startOnSupportedNode('sriov-exporter', () => import('../cli/programs.js').then((programs) => programs.exporterProgram(process.argv.slice(2))));
