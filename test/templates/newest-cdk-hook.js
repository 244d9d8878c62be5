// Preloaded (node -r) by check-templates.ts: every require of aws-cdk-lib or constructs, from the
// library's sources, the apps, aws-cdk-lib itself or another package, resolves to the copy in
// $NEWEST_CDK_DIR/node_modules, so that one process never mixes two aws-cdk-lib versions.
const Module = require('module');
const path = require('path');

const root = process.env.NEWEST_CDK_DIR;
if (!root) {
  throw new Error('newest-cdk-hook.js needs NEWEST_CDK_DIR: the directory aws-cdk-lib was installed into');
}
const anchor = path.join(root, 'node_modules', '.resolve-anchor.js');
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const redirected = request === 'aws-cdk-lib' || request.startsWith('aws-cdk-lib/')
    || request === 'constructs' || request.startsWith('constructs/');
  if (!redirected) {
    return resolveFilename.call(this, request, parent, ...rest);
  }
  const fromRoot = new Module(anchor, null);
  fromRoot.filename = anchor;
  fromRoot.paths = Module._nodeModulePaths(path.dirname(anchor));
  return resolveFilename.call(this, request, fromRoot, ...rest);
};
