// Every @example in the files at the root of src runs as written and prints what its `// comment` says.
import { describeTsdocExamples } from './support/tsdoc-examples.js';

describeTsdocExamples('.', 2);
