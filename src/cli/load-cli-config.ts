import { loadConfig, type Config } from '../config.js';
import { ConfigError } from '../errors.js';

/** Loads the settings for a command-line tool: bad ones are printed (every variable named) and give null. */
export async function loadCliConfig(): Promise<Config | null> {
  try {
    return await loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return null;
    }
    throw error;
  }
}
