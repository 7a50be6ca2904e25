// Every @example in src/consent runs as written and prints what its `// comment` says.
import { describeTsdocExamples } from '../support/tsdoc-examples.js';

describeTsdocExamples('consent', 24);
