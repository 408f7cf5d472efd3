// Does nothing: its activation time is VS Code's work around any extension's activate() (see package.json).
exports.activate = () => ({});
