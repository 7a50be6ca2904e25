// Every @example in src/lifecycle runs as written and prints what its `// comment` says.
import { describeTsdocExamples } from '../support/tsdoc-examples.js';

describeTsdocExamples('lifecycle', 28);
