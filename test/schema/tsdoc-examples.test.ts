// Every @example in src/schema runs as written and prints what its `// comment` says.
import { describeTsdocExamples } from '../support/tsdoc-examples.js';

describeTsdocExamples('schema', 26);
