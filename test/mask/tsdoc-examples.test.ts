// Every @example in src/mask runs as written and prints what its `// comment` says.
import { describeTsdocExamples } from '../support/tsdoc-examples.js';

describeTsdocExamples('mask', 30);
