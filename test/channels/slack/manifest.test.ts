import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { briefCommand } from '../../../src/channels/slack/listeners/commands/brief.js';

interface Manifest {
  features: { slash_commands: { command: string; url?: string }[] };
  oauth_config: { scopes: { bot: string[] } };
  settings: { socket_mode_enabled: boolean };
}

function readManifest(name: string): Manifest {
  return JSON.parse(readFileSync(new URL(`../../../src/channels/slack/${name}`, import.meta.url), 'utf8')) as Manifest;
}

describe('Slack app manifests', () => {
  it('HTTP mode: declares /brief at /slack/events and exactly the scopes Brief needs', () => {
    const manifest = readManifest('manifest.json');
    expect(manifest.features.slash_commands).toEqual([expect.objectContaining({ command: briefCommand, url: 'https://YOUR-HOST/slack/events' })]);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'chat:write.public', 'commands']);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
  });

  it('Socket Mode: the same command and scopes, with no request URL', () => {
    const manifest = readManifest('manifest-socket-mode.json');
    expect(manifest.features.slash_commands).toEqual([expect.not.objectContaining({ url: expect.anything() })]);
    expect(manifest.features.slash_commands[0]!.command).toBe(briefCommand);
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(['chat:write', 'chat:write.public', 'commands']);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
  });
});
