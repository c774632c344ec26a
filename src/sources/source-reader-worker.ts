/** The worker-thread side of createThreadSourceReader: reads each feed or page it is sent. */
import { serveWorkerJobs } from '../worker-pool.js';
import { readFeedBody } from './read-feed.js';
import { readPageBody } from './read-page.js';
import type { ReadJob } from './source-reader.js';

serveWorkerJobs((job: ReadJob) => (job.kind === 'feed' ? readFeedBody(job) : readPageBody(job)));
