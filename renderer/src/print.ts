import '../../resources/fonts/rare-han/rare-han.css';
import '../../resources/typeset/page.css';
import './print.css';
import '../../shared/layout/engine-entry';
