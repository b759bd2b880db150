"use client";

const SHORTCUTS: Array<[string, string]> = [
  ["/ or Tab", "Quick-add a step at the cursor"],
  ["Drag from a handle to empty space", "Add a connected step"],
  ["Delete / Backspace", "Delete the selected steps or connections"],
  ["Shift-click, Shift-drag", "Select several steps"],
  ["Ctrl/Cmd-A", "Select all"],
  ["Ctrl/Cmd-C, Ctrl/Cmd-V", "Copy and paste (also between flows, as JSON)"],
  ["Ctrl/Cmd-D", "Duplicate the selection"],
  ["Ctrl/Cmd-Z", "Undo"],
  ["Shift-Ctrl/Cmd-Z or Ctrl/Cmd-Y", "Redo"],
  ["Shift-L", "Auto-layout (left to right)"],
  ["1", "Zoom to fit"],
  ["?", "Show or hide this list"],
];

export function ShortcutsHelp({ onClose }: { onClose(): void }) {
  return (
    <div className="shortcuts-help card" data-testid="shortcuts-help" role="dialog" aria-label="Keyboard shortcuts">
      <div className="shortcuts-help-header">
        <h2>Keyboard shortcuts</h2>
        <button type="button" className="icon-button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      <table className="table">
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <td className="mono">{keys}</td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
